import { ConfabError } from '@confab/protocol';
import type { User } from '@confab/protocol';
import { fastifyCookie } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccountsService } from '../accounts/service.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The accounts service, for routes that need the logged-in account (`requireUser`). */
    accounts: AccountsService;
  }
}

export const SESSION_COOKIE = 'confab_session';

/** The cookie's own lifetime; the server slides the session's expiry, `/api/me` re-sends it. */
const COOKIE_MAX_AGE_SECONDS = 30 * 24 * 3600;

/** What `newSessionToken` makes: 32 bytes in base64url. Anything else is not worth a lookup. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

const resolved = new WeakMap<FastifyRequest, Promise<User | null>>();

/** The session token a request carries in its cookie, or null. */
export function sessionToken(request: FastifyRequest): string | null {
  const token = request.cookies[SESSION_COOKIE];
  return token !== undefined && TOKEN_SHAPE.test(token) ? token : null;
}

/** The logged-in account of a request, or null; looked up once per request. */
export function currentUser(request: FastifyRequest): Promise<User | null> {
  let user = resolved.get(request);
  if (!user) {
    const token = sessionToken(request);
    user = token === null ? Promise.resolve(null) : request.server.accounts.authenticate(token);
    resolved.set(request, user);
  }
  return user;
}

/** The logged-in account of a request; throws `unauthenticated` when there is none. */
export async function requireUser(request: FastifyRequest): Promise<User> {
  const user = await currentUser(request);
  if (!user) throw new ConfabError('unauthenticated');
  return user;
}

/** The account behind a raw `Cookie` header (for a WebSocket upgrade handled outside a route). */
export async function userFromCookieHeader(
  accounts: AccountsService,
  cookieHeader: string | undefined,
): Promise<User | null> {
  if (!cookieHeader) return null;

  const token = fastifyCookie.parse(cookieHeader)[SESSION_COOKIE];
  if (token === undefined || !TOKEN_SHAPE.test(token)) return null;
  return accounts.authenticate(token);
}

/** Sets the session cookie: script cannot read it, and cross-site POSTs do not carry it. */
export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: COOKIE_MAX_AGE_SECONDS,
  });
}

/** Removes the session cookie from the browser. */
export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}
