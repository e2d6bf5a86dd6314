import { WS_PATH, closeCodes } from '@confab/protocol';
import type { User } from '@confab/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { Logger } from '../log.js';
import type { MeetingsService } from '../meetings/service.js';
import { AccountLimits } from './account-limits.js';
import { closeFirmly } from './close.js';
import { Connection } from './connection.js';

/** Who opened a socket, and a way to ask later whether their session still holds. */
export interface SocketIdentity {
  user: User;
  /** False once the session was ended (logout, password change, expiry). */
  stillValid(): Promise<boolean>;
}

export interface SignallingDeps {
  meetings: MeetingsService;
  /** The account behind the request's session cookie, or null. */
  authenticate(request: FastifyRequest): Promise<SocketIdentity | null>;
  /** The configured public URL; its origin is accepted besides the request's own host. */
  publicUrl: string;
  log: Logger;
}

/**
 * How often dead sockets and ended sessions are looked for: a socket that missed one pong is
 * dropped (its grace period starts), and one whose session ended is closed as unauthenticated.
 */
const HEARTBEAT_MS = 15_000;

/**
 * Serves `/ws`: authenticates the upgrade, then hands the socket to a `Connection`. The WebSocket
 * plugin itself is registered by `createHttpApp`.
 */
export async function registerSignalling(app: FastifyInstance, deps: SignallingDeps): Promise<void> {
  const log = deps.log.child({ module: 'signalling' });
  const publicOrigin = new URL(deps.publicUrl).origin;
  const limits = new AccountLimits();

  app.get(WS_PATH, { websocket: true }, async (socket, request) => {
    // Browsers always send Origin on a WebSocket upgrade; refusing foreign ones stops another site
    // from riding on the session cookie (cross-site WebSocket hijacking).
    const origin = request.headers.origin;
    if (origin !== undefined && !sameSite(origin, request.headers.host, publicOrigin)) {
      log.warn({ origin }, 'WebSocket from a foreign origin refused');
      closeFirmly(socket, closeCodes.refused, 'forbidden origin');
      return;
    }

    const identity = await deps.authenticate(request);
    if (!identity) {
      refuseUnauthenticated(socket);
      return;
    }

    const accountId = identity.user.id;
    if (!limits.open(accountId)) {
      log.warn({ accountId }, 'WebSocket refused: the account holds too many');
      socket.send(JSON.stringify({
        type: 'error', code: 'slow-down', message: 'This account has too many open connections.',
        inReplyTo: null,
      }));
      closeFirmly(socket, closeCodes.protocol, 'too many connections');
      return;
    }
    socket.once('close', () => limits.closed(accountId));

    new Connection(socket, identity.user, deps.meetings, limits, log);
    heartbeat(socket, identity, log);
  });
}

function refuseUnauthenticated(socket: WebSocket): void {
  socket.send(JSON.stringify({
    type: 'error', code: 'unauthenticated', message: 'You need to log in.', inReplyTo: null,
  }));
  closeFirmly(socket, closeCodes.unauthenticated, 'unauthenticated');
}

function sameSite(origin: string, host: string | undefined, publicOrigin: string): boolean {
  if (origin === publicOrigin) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Drops sockets whose peer vanished without closing, and closes those whose session ended. */
function heartbeat(socket: WebSocket, identity: SocketIdentity, log: Logger): void {
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

    identity.stillValid().then((valid) => {
      if (valid || socket.readyState !== socket.OPEN) return;
      log.info({ accountId: identity.user.id }, 'session ended; closing its WebSocket');
      refuseUnauthenticated(socket);
    }, (err: unknown) => log.warn({ err }, 'could not check a WebSocket session'));
  }, HEARTBEAT_MS);
  timer.unref();
  socket.on('close', () => clearInterval(timer));
}
