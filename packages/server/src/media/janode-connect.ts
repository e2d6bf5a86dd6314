import Janode from 'janode';
import type { Connection } from 'janode';
import { z } from 'zod';

// janode prints to the console on its own; Confab logs what matters through pino instead.
Janode.Logger.setLevel('none');

/** Where Janus's API is and the secret it wants. */
export interface JanusEndpoint {
  url: string;
  apiSecret: string | null;
}

const serverInfoSchema = z.object({ janus: z.literal('server_info'), version: z.number() });

/**
 * Opens one WebSocket to Janus, trying once: the callers run their own retry loops, which are
 * faster than janode's (seconds apart) and can be stopped.
 */
export async function openJanus(endpoint: JanusEndpoint, timeoutMs: number): Promise<Connection> {
  return Janode.connect({
    address: endpoint.apiSecret === null
      ? { url: endpoint.url }
      : { url: endpoint.url, apisecret: endpoint.apiSecret },
    max_retries: 0,
    retry_time_secs: 0,
    ws_options: { handshakeTimeout: timeoutMs },
  });
}

/** Resolves with Janus's version number when its API answers `info`, else rejects. */
export async function probeJanus(endpoint: JanusEndpoint, timeoutMs: number): Promise<number> {
  // The WebSocket handshake timeout bounds the connect; only the request needs a timer.
  const connection = await openJanus(endpoint, timeoutMs);
  try {
    const info = serverInfoSchema.parse(await withTimeout(connection.getInfo(), timeoutMs, 'info'));
    return info.version;
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/** Rejects with `Error('<what> timed out')` when the promise has not settled within `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} timed out after ${ms} ms`)), ms);
  });

  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Janus did not answer in time. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}
