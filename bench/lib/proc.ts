import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times; 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;

export interface ProcessUsage {
  pid: number;
  name: string;
  /** Share of one core over the sampling window, in percent. */
  cpuPercent: number;
  /** Resident memory at the end of the window, in MiB. */
  rssMiB: number;
}

function cpuTicks(pid: number): number {
  // Fields after the parenthesised command name; utime and stime are the 14th and 15th overall.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  return kib === undefined ? 0 : Number(kib) / 1024;
}

/** The command name of a process (`node`, `janus`, `chromium`…). */
export function processName(pid: number): string {
  return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
}

/** Measures the CPU and memory of `pids` over `windowMs`. */
export async function sampleUsage(pids: readonly number[], windowMs: number): Promise<ProcessUsage[]> {
  const before = pids.map(cpuTicks);
  const start = performance.now();
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const seconds = (performance.now() - start) / 1000;

  return pids.map((pid, i) => ({
    pid,
    name: processName(pid),
    cpuPercent: ((cpuTicks(pid) - (before[i] ?? 0)) / TICKS_PER_SECOND / seconds) * 100,
    rssMiB: rssMiB(pid),
  }));
}

/** The given percentile (0–100) of `values`, by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}
