import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { errorCodes, meResponseSchema } from '@confab/protocol';
import { SESSION_COOKIE, userFromCookieHeader } from '../src/http/auth.js';
import { httpWorld, parseSetCookie, tempDir } from './http-helpers.js';
import type { HttpWorld } from './http-helpers.js';

const json = { 'content-type': 'application/json' };

function login(world: HttpWorld, username: string, password: string, remoteAddress = '127.0.0.1') {
  return world.app.inject({
    method: 'POST', url: '/api/login', headers: json, payload: { username, password }, remoteAddress,
  });
}

/** The session cookie of a successful login, ready for a Cookie header. */
async function sessionCookie(world: HttpWorld): Promise<string> {
  const response = await login(world, 'alice', 'correct horse');
  assert.equal(response.statusCode, 200);
  return parseSetCookie(response.headers['set-cookie']).value;
}

describe('login over HTTP', () => {
  let dir: ReturnType<typeof tempDir>;
  let world: HttpWorld;
  beforeEach(async () => {
    dir = tempDir('confab-http-');
    world = await httpWorld(dir.path);
    await world.accounts.createUser({ username: 'alice', password: 'correct horse', meetingRight: true });
  });
  afterEach(async () => {
    await world.close();
    dir.remove();
  });

  it('answers the account and sets an httpOnly, same-site session cookie', async () => {
    const response = await login(world, 'Alice', 'correct horse');

    assert.equal(response.statusCode, 200);
    const body = meResponseSchema.parse(response.json());
    assert.equal(body.user.username, 'alice');
    assert.equal(body.user.meetingRight, true);

    const cookie = parseSetCookie(response.headers['set-cookie']);
    assert.match(cookie.value, new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43}$`));
    assert.ok(cookie.attributes.includes('httponly'));
    assert.ok(cookie.attributes.includes('samesite=lax'));
    assert.ok(cookie.attributes.includes('path=/'));
    assert.ok(!cookie.attributes.includes('secure'), 'plain HTTP cannot carry a Secure cookie');
  });

  it('refuses a wrong password with bad-credentials and sets no cookie', async () => {
    const response = await login(world, 'alice', 'wrong horse');

    assert.equal(response.statusCode, 401);
    assert.deepEqual(response.json(), { code: 'bad-credentials', message: errorCodes['bad-credentials'].message });
    assert.equal(response.headers['set-cookie'], undefined);
  });

  it('refuses a malformed body with bad-request', async () => {
    const missing = await world.app.inject({
      method: 'POST', url: '/api/login', headers: json, payload: { username: 'alice' },
    });
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().code, 'bad-request');

    const broken = await world.app.inject({
      method: 'POST', url: '/api/login', headers: json, payload: '{"username":',
    });
    assert.equal(broken.statusCode, 400);
    assert.equal(broken.json().code, 'bad-request');
  });

  it('tells who is logged in at /api/me, and refuses without a session', async () => {
    const cookie = await sessionCookie(world);

    const me = await world.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    assert.equal(me.statusCode, 200);
    assert.equal(meResponseSchema.parse(me.json()).user.username, 'alice');

    const anonymous = await world.app.inject({ method: 'GET', url: '/api/me' });
    assert.equal(anonymous.statusCode, 401);
    assert.equal(anonymous.json().code, 'unauthenticated');

    const forged = await world.app.inject({
      method: 'GET', url: '/api/me', headers: { cookie: `${SESSION_COOKIE}=${'A'.repeat(43)}` },
    });
    assert.equal(forged.statusCode, 401);
  });

  it('ends the session at logout and clears the cookie', async () => {
    const cookie = await sessionCookie(world);

    const logout = await world.app.inject({ method: 'POST', url: '/api/logout', headers: { cookie } });
    assert.equal(logout.statusCode, 204);
    const cleared = parseSetCookie(logout.headers['set-cookie']);
    assert.equal(cleared.value, `${SESSION_COOKIE}=`);
    assert.ok(cleared.attributes.includes('max-age=0'));

    const me = await world.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    assert.equal(me.statusCode, 401);
  });

  it('finds the account behind a raw Cookie header, for the WebSocket upgrade', async () => {
    const cookie = await sessionCookie(world);

    assert.equal((await userFromCookieHeader(world.accounts, `theme=dark; ${cookie}`))?.username, 'alice');
    assert.equal(await userFromCookieHeader(world.accounts, 'theme=dark'), null);
    assert.equal(await userFromCookieHeader(world.accounts, undefined), null);
  });
});

describe('login rate limits', () => {
  let dir: ReturnType<typeof tempDir>;
  let world: HttpWorld;
  beforeEach(async () => {
    dir = tempDir('confab-http-');
    world = await httpWorld(dir.path);
    await world.accounts.createUser({ username: 'alice', password: 'correct horse' });
  });
  afterEach(async () => {
    await world.close();
    dir.remove();
  });

  it('refuses the 11th attempt in a minute from one address with too-many-attempts', async () => {
    for (let i = 0; i < 10; i++) {
      const response = await login(world, `user${i}`, 'wrong horse', '198.18.0.10');
      assert.equal(response.statusCode, 401, `attempt ${i + 1}`);
    }

    const refused = await login(world, 'alice', 'correct horse', '198.18.0.10');
    assert.equal(refused.statusCode, 429);
    assert.deepEqual(refused.json(), {
      code: 'too-many-attempts', message: errorCodes['too-many-attempts'].message,
    });
    assert.ok(Number(refused.headers['retry-after']) > 0);
    assert.equal(refused.headers['set-cookie'], undefined);

    const elsewhere = await login(world, 'alice', 'correct horse', '198.18.0.11');
    assert.equal(elsewhere.statusCode, 200);
  });

  it('refuses the 11th attempt in a minute on one username, from any address', async () => {
    for (let i = 0; i < 10; i++) {
      const response = await login(world, 'alice', 'wrong horse', `198.18.1.${i + 1}`);
      assert.equal(response.statusCode, 401, `attempt ${i + 1}`);
    }

    const refused = await login(world, 'ALICE', 'correct horse', '198.18.2.1');
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.json().code, 'too-many-attempts');

    await world.accounts.createUser({ username: 'bob', password: 'correct horse' });
    const other = await login(world, 'bob', 'correct horse', '198.18.2.2');
    assert.equal(other.statusCode, 200);
  });
});

describe('sessions across restarts', () => {
  it('keeps a session valid in a new application on the same database file', async () => {
    const dir = tempDir('confab-http-');
    try {
      const first = await httpWorld(dir.path);
      await first.accounts.createUser({ username: 'alice', password: 'correct horse' });
      const cookie = await sessionCookie(first);
      await first.close();

      const second = await httpWorld(dir.path);
      const me = await second.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
      await second.close();

      assert.equal(me.statusCode, 200);
      assert.equal(meResponseSchema.parse(me.json()).user.username, 'alice');
    } finally {
      dir.remove();
    }
  });
});
