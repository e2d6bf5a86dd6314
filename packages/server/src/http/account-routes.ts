import { ConfabError, loginRequestSchema } from '@confab/protocol';
import type { MeResponse } from '@confab/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { clearSessionCookie, requireUser, sessionToken, setSessionCookie } from './auth.js';

/** Login attempts allowed per minute, counted both per client address and per username. */
export const LOGIN_ATTEMPTS_PER_MINUTE = 10;

/** POST /api/login, POST /api/logout, GET /api/me. */
export async function accountRoutes(app: FastifyInstance, opts: { secureCookie: boolean }): Promise<void> {
  // LIMITATION: the counters live in this process's memory. Several Confab nodes each allow ten
  // attempts, and a restart forgets them; a shared store (Redis) would close both gaps. The
  // per-username count also lets anyone hold one account's logins off for a minute at a time.
  const window = { max: LOGIN_ATTEMPTS_PER_MINUTE, timeWindow: 60_000 };
  const perAddress = app.createRateLimit(window);
  // Per username as well, so that guessing one account's password from many addresses is slow too.
  const perUsername = app.createRateLimit({ ...window, keyGenerator: usernameKey });

  const limited = async (
    limiter: typeof perAddress, request: FastifyRequest, reply: FastifyReply,
  ): Promise<void> => {
    const limit = await limiter(request);
    if (limit.isAllowed || !limit.isExceeded) return;

    request.log.warn({ limit: limiter === perAddress ? 'address' : 'username' }, 'login rate limit reached');
    reply.header('retry-after', String(limit.ttlInSeconds));
    throw new ConfabError('too-many-attempts');
  };

  app.post('/api/login', async (request, reply): Promise<MeResponse> => {
    await limited(perAddress, request, reply);
    const body = loginRequestSchema.parse(request.body);
    await limited(perUsername, request, reply);

    const { user, token } = await app.accounts.login(body.username, body.password);
    setSessionCookie(reply, token, opts.secureCookie);
    return { user };
  });

  app.post('/api/logout', async (request, reply) => {
    const token = sessionToken(request);
    if (token !== null) await app.accounts.logout(token);

    clearSessionCookie(reply, opts.secureCookie);
    return reply.code(204).send();
  });

  app.get('/api/me', async (request, reply): Promise<MeResponse> => {
    const user = await requireUser(request);

    // The server slides the session on use; sending the cookie again slides the browser's copy too.
    const token = sessionToken(request);
    if (token !== null) setSessionCookie(reply, token, opts.secureCookie);
    return { user };
  });
}

/** The username a login body names, as the accounts service normalises it. */
function usernameKey(request: FastifyRequest): string {
  const username = loginRequestSchema.safeParse(request.body).data?.username ?? '';
  return `user:${username.toLowerCase()}`;
}
