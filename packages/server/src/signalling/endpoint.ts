import websocket from '@fastify/websocket';
import { WS_PATH, closeCodes } from '@confab/protocol';
import type { User } from '@confab/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { Logger } from '../log.js';
import type { MeetingsService } from '../meetings/service.js';
import { Connection } from './connection.js';

export interface SignallingDeps {
  meetings: MeetingsService;
  /** The account behind the request's session cookie, or null. */
  authenticate(request: FastifyRequest): Promise<User | null>;
  /** The configured public URL; its origin is accepted besides the request's own host. */
  publicUrl: string;
  log: Logger;
}

/** Largest WebSocket message accepted; SDP offers are the biggest at a few kilobytes. */
const MAX_PAYLOAD = 64 * 1024;

/** How often dead sockets are looked for; a socket that missed one pong is dropped. */
const HEARTBEAT_MS = 15_000;

/** Serves `/ws`: authenticates the upgrade, then hands the socket to a `Connection`. */
export async function registerSignalling(app: FastifyInstance, deps: SignallingDeps): Promise<void> {
  const log = deps.log.child({ module: 'signalling' });
  const publicOrigin = new URL(deps.publicUrl).origin;

  await app.register(async (scope) => {
    await scope.register(websocket, { options: { maxPayload: MAX_PAYLOAD } });

    scope.get(WS_PATH, { websocket: true }, async (socket, request) => {
      // Browsers always send Origin on a WebSocket upgrade; refusing foreign ones stops another site
      // from riding on the session cookie (cross-site WebSocket hijacking).
      const origin = request.headers.origin;
      if (origin !== undefined && !sameSite(origin, request.headers.host, publicOrigin)) {
        log.warn({ origin }, 'WebSocket from a foreign origin refused');
        socket.close(closeCodes.refused, 'forbidden origin');
        return;
      }

      const user = await deps.authenticate(request);
      if (!user) {
        socket.send(JSON.stringify({
          type: 'error', code: 'unauthenticated', message: 'You need to log in.', inReplyTo: null,
        }));
        socket.close(closeCodes.unauthenticated, 'unauthenticated');
        return;
      }

      new Connection(socket, user, deps.meetings, log);
      keepAlive(socket);
    });
  });
}

function sameSite(origin: string, host: string | undefined, publicOrigin: string): boolean {
  if (origin === publicOrigin) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Drops sockets whose peer vanished without closing (a dead network), so their grace starts. */
function keepAlive(socket: WebSocket): void {
  let alive = true;
  socket.on('pong', () => {
    alive = true;
  });
  const timer = setInterval(() => {
    if (!alive) {
      socket.terminate();
      return;
    }
    alive = false;
    socket.ping();
  }, HEARTBEAT_MS);
  timer.unref();
  socket.on('close', () => clearInterval(timer));
}
