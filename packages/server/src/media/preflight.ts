import { once } from 'node:events';
import { accessSync, constants, statSync } from 'node:fs';
import { createServer } from 'node:net';
import type { MediaOptions } from './options.js';

/**
 * A setting that keeps Janus from ever starting: the server stops with this message, which names
 * the setting, instead of restarting Janus in a loop that says nothing useful.
 */
export class MediaSetupError extends Error {}

/** Checks what Janus needs before the first start: its program, and a free API port. */
export async function checkJanusCanStart(options: MediaOptions): Promise<void> {
  const { binary, wsPort } = options.janus;
  try {
    if (!statSync(binary).isFile()) throw new Error('not a file');
    accessSync(binary, constants.X_OK);
  } catch {
    throw new MediaSetupError(
      `CONFAB_JANUS_BINARY: ${binary} is not an executable program (install Debian's janus package)`);
  }

  const probe = createServer();
  try {
    probe.listen(wsPort, '127.0.0.1');
    await once(probe, 'listening');
  } catch {
    throw new MediaSetupError(`CONFAB_JANUS_WS_PORT: port ${wsPort} on 127.0.0.1 is already in use `
      + '(another Janus, such as the janus system service?); choose another port');
  } finally {
    probe.close();
  }
}
