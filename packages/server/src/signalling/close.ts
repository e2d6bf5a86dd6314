import type { WebSocket } from 'ws';

/** How long a closing peer gets to answer the close frame before its socket is cut. */
const CLOSE_GRACE_MS = 1000;

/**
 * Closes with a code the client can read, then cuts the socket if the client does not answer the
 * close frame: otherwise `ws` would hold it for 30 s, which a hostile client could multiply.
 */
export function closeFirmly(socket: WebSocket, code: number, reason: string): void {
  socket.close(code, reason);
  const timer = setTimeout(() => socket.terminate(), CLOSE_GRACE_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}
