import { ConfabError, loginRequestSchema } from '@confab/protocol';
import type { MeResponse } from '@confab/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { clearSessionCookie, requireUser, sessionToken, setSessionCookie } from './auth.js';
import { addressKey, refuseOverLimit } from './rate-limits.js';

/** Login attempts allowed per minute from one client address, whatever their outcome. */
export const LOGIN_ATTEMPTS_PER_MINUTE = 10;

/** Failed logins counted per account and per address, and per account alone, in this window. */
export const LOGIN_FAILURE_WINDOW_MS = 10 * 60_000;

/** Failed logins on one account from one address per window: a forgetful person, not a guesser. */
export const LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS = 5;

/**
 * Failed logins on one account per window from all addresses together. Far above the per-address
 * allowance, so that only many addresses together can reach it, and it caps guessing spread across
 * them at ten a minute.
 */
export const LOGIN_FAILURES_PER_ACCOUNT = 100;

/** POST /api/login, POST /api/logout, GET /api/me. */
export async function accountRoutes(app: FastifyInstance, opts: { secureCookie: boolean }): Promise<void> {
  // LIMITATION: the counters live in this process's memory. Several Confab nodes each allow their
  // own attempts, a restart forgets them, and each limit keeps its 5,000 most recent keys; a shared
  // store (Redis) would close these gaps. Whoever controls twenty addresses or more can still reach
  // one account's failure limit and hold its logins off for up to ten minutes at a time.
  const perAddress = app.createRateLimit({ max: LOGIN_ATTEMPTS_PER_MINUTE, timeWindow: 60_000 });
  // Only failures count from here on: a successful login must never bring anyone closer to a lock.
  const failuresPerAccountAndAddress = app.createRateLimit({
    max: LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS,
    timeWindow: LOGIN_FAILURE_WINDOW_MS,
    keyGenerator: (request) => `${usernameKey(request)} ${addressKey(request.ip)}`,
  });
  const failuresPerAccount = app.createRateLimit({
    max: LOGIN_FAILURES_PER_ACCOUNT, timeWindow: LOGIN_FAILURE_WINDOW_MS, keyGenerator: usernameKey,
  });
  const failureLimits = [
    { limiter: failuresPerAccountAndAddress, limit: 'account-address' },
    { limiter: failuresPerAccount, limit: 'account' },
  ] as const;

  app.post('/api/login', async (request, reply): Promise<MeResponse> => {
    refuseOverLimit(await perAddress(request), request, reply, { limit: 'address' });
    const body = loginRequestSchema.parse(request.body);

    // Peek first: the password is checked only while the account's failure counts leave room.
    // Attempts in flight together all pass the peek; the per-address limit bounds how many.
    for (const { limiter, limit } of failureLimits) {
      refuseOverLimit(await limiter(request, { increment: false }), request, reply, { limit, full: true });
    }

    try {
      const { user, token } = await app.accounts.login(body.username, body.password);
      setSessionCookie(reply, token, opts.secureCookie);
      return { user };
    } catch (err) {
      if (err instanceof ConfabError && err.code === 'bad-credentials') {
        for (const { limiter } of failureLimits) await limiter(request);
      }
      throw err;
    }
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
