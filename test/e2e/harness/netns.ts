import { execFile, spawn, spawnSync } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants } from 'node:os';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** The server side of the test link; from the benchmarking range 198.18.0.0/15, used by nothing. */
export const SERVER_ADDRESS = '198.18.0.1';

/** The client side of the test link, where the browsers live. */
export const CLIENT_ADDRESS = '198.18.0.2';

// Names carry the owner's pid so that a later run can tell a leftover from a live one.
const NAME_PATTERN = /^confab-[sc]-(\d+)-[0-9a-f]+$/;

/** Two network namespaces joined by a veth pair: Janus and the server in one, browsers in the other. */
export interface TestNetwork {
  readonly id: string;
  readonly serverNs: string;
  readonly clientNs: string;
  /** Starts `argv` inside the server namespace (through `ip netns exec`, which execs it). */
  spawnInServer(argv: readonly string[], options?: SpawnOptions): ChildProcess;
  /** Starts `argv` inside the client namespace. */
  spawnInClient(argv: readonly string[], options?: SpawnOptions): ChildProcess;
  /** Brings the client's end of the link down or up, which looks like a network drop to both. */
  setClientLink(up: boolean): Promise<void>;
  /** Kills whatever still runs inside and deletes both namespaces; safe to call twice. */
  dispose(): Promise<void>;
}

const live = new Set<string>();
let exitHooksInstalled = false;

/** True when this process may create namespaces (root, with iproute2's `ip`). */
export function canCreateNetworks(): boolean {
  if (process.getuid?.() !== 0) return false;
  return spawnSync('ip', ['-V'], { stdio: 'ignore' }).status === 0;
}

/** The reason end-to-end tests skip on this machine, or false when they can run. */
export function networkSkipReason(): string | false {
  return canCreateNetworks() ? false : 'needs root and iproute2 for network namespaces';
}

/** Creates a fresh namespace pair with 198.18.0.1/24 (server) and 198.18.0.2/24 (client). */
export async function createTestNetwork(): Promise<TestNetwork> {
  installExitHooks();
  await sweepStaleNetworks();

  const id = `${process.pid}-${randomBytes(3).toString('hex')}`;
  const serverNs = `confab-s-${id}`;
  const clientNs = `confab-c-${id}`;

  try {
    await ip('netns', 'add', serverNs);
    live.add(serverNs);
    await ip('netns', 'add', clientNs);
    live.add(clientNs);

    // Creating each end directly in its namespace means the interface names never meet in the
    // root namespace, so parallel runs can all use the same short names.
    await ip('link', 'add', 'vs', 'netns', serverNs, 'type', 'veth', 'peer', 'name', 'vc',
      'netns', clientNs);
    await ip('-n', serverNs, 'addr', 'add', `${SERVER_ADDRESS}/24`, 'dev', 'vs');
    await ip('-n', clientNs, 'addr', 'add', `${CLIENT_ADDRESS}/24`, 'dev', 'vc');
    for (const [ns, dev] of [[serverNs, 'vs'], [clientNs, 'vc']] as const) {
      await ip('-n', ns, 'link', 'set', 'lo', 'up');
      await ip('-n', ns, 'link', 'set', dev, 'up');
    }
  } catch (error) {
    await removeNamespace(serverNs);
    await removeNamespace(clientNs);
    throw error;
  }

  return {
    id,
    serverNs,
    clientNs,
    spawnInServer: (argv, options = {}) => spawn('ip', ['netns', 'exec', serverNs, ...argv], options),
    spawnInClient: (argv, options = {}) => spawn('ip', ['netns', 'exec', clientNs, ...argv], options),
    setClientLink: async (up) => {
      await ip('-n', clientNs, 'link', 'set', 'vc', up ? 'up' : 'down');
    },
    dispose: async () => {
      await removeNamespace(clientNs);
      await removeNamespace(serverNs);
    },
  };
}

/**
 * Deletes `confab-*` namespaces whose owner process is gone (left by a run that was killed).
 *
 * LIMITATION: the owner is known only by pid, so a leftover whose pid was reused by an unrelated
 * process stays until that process ends; it costs a few idle interfaces, never a wrong deletion.
 */
export async function sweepStaleNetworks(): Promise<string[]> {
  const swept: string[] = [];
  for (const name of await listNamespaces()) {
    const owner = NAME_PATTERN.exec(name)?.[1];
    if (owner === undefined || isAlive(Number(owner))) continue;
    await removeNamespace(name);
    swept.push(name);
  }
  return swept;
}

/** The names of all network namespaces on the machine. */
export async function listNamespaces(): Promise<string[]> {
  const { stdout } = await execFileAsync('ip', ['netns', 'list']);
  return stdout.split('\n').map((line) => line.split(' ')[0] ?? '').filter((name) => name !== '');
}

/** The pids of the processes running inside a namespace. */
export async function namespacePids(ns: string): Promise<number[]> {
  const { stdout } = await execFileAsync('ip', ['netns', 'pids', ns]);
  return parsePids(stdout);
}

/**
 * Runs `fetch` from inside a namespace: the test process lives in the root namespace, which has
 * no route to the test addresses, so a short-lived node does the request there.
 */
export async function fetchInNamespace(
  ns: string,
  url: string,
  timeoutMs = 5000,
  /** A PEM certificate to trust besides the system's, for a test server's self-signed one. */
  caFile?: string,
): Promise<{ status: number; body: string }> {
  const script = [
    'const [url, ms] = process.argv.slice(1);',
    'fetch(url, { signal: AbortSignal.timeout(Number(ms)) })',
    '  .then(async (r) => ({ status: r.status, body: await r.text() }))',
    '  .then((answer) => process.stdout.write(JSON.stringify(answer)))',
    '  .catch((e) => { process.stderr.write(String(e?.cause ?? e)); process.exit(1); });',
  ].join('\n');
  const { stdout } = await execFileAsync('ip',
    ['netns', 'exec', ns, process.execPath, '-e', script, url, String(timeoutMs)],
    {
      timeout: timeoutMs + 5000,
      env: caFile ? { ...process.env, NODE_EXTRA_CA_CERTS: caFile } : process.env,
    });
  const parsed: unknown = JSON.parse(stdout);
  if (typeof parsed !== 'object' || parsed === null || !('status' in parsed) || !('body' in parsed)
      || typeof parsed.status !== 'number' || typeof parsed.body !== 'string') {
    throw new Error(`unexpected fetch output: ${stdout.slice(0, 200)}`);
  }
  return { status: parsed.status, body: parsed.body };
}

async function ip(...args: string[]): Promise<void> {
  await execFileAsync('ip', args);
}

async function removeNamespace(name: string): Promise<void> {
  // A namespace lives on while a process is inside it, so empty it before deleting the name.
  try {
    for (const pid of await namespacePids(name)) killQuietly(pid);
    await execFileAsync('ip', ['netns', 'del', name]);
  } catch {
    // Already gone, or never made: nothing to do.
  }
  live.delete(name);
}

function removeNamespaceSync(name: string): void {
  const pids = spawnSync('ip', ['netns', 'pids', name], { encoding: 'utf8' }).stdout ?? '';
  for (const pid of parsePids(pids)) killQuietly(pid);
  spawnSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
  live.delete(name);
}

function parsePids(text: string): number[] {
  return text.split('\n').map((line) => Number(line.trim())).filter((pid) => pid > 0);
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // It exited on its own meanwhile.
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means it exists but belongs to someone else: alive all the same.
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}

/**
 * Namespaces outlive their creator, so a test that ends early must not leave them behind: on exit
 * and on the usual signals, everything still registered is removed synchronously.
 */
function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;

  const cleanUp = (): void => {
    for (const name of [...live]) removeNamespaceSync(name);
  };
  process.on('exit', cleanUp);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      cleanUp();
      // Exit at once, the shell's way for a signal (128 + its number): the test runner's own
      // handler would otherwise carry on with tests whose servers and browsers are now gone.
      process.exit(128 + constants.signals[signal]);
    });
  }
}
