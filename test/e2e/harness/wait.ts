import { setTimeout as delay } from 'node:timers/promises';

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return delay(ms);
}

export interface EventuallyOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** An error of this class is final: it is thrown at once instead of retried. */
  stopOn?: new (...args: never[]) => Error;
}

/**
 * Retries `attempt` until it returns without throwing, then returns its value; after `timeoutMs`
 * throws the last failure, so a test reports what it saw rather than a bare timeout.
 */
export async function eventually<T>(attempt: () => Promise<T>, options: EventuallyOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (options.stopOn !== undefined && error instanceof options.stopOn) throw error;
      if (Date.now() >= deadline) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`still failing after ${options.timeoutMs} ms: ${reason}`, { cause: error });
      }
    }
    await sleep(options.intervalMs ?? 200);
  }
}
