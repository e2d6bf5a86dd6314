import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { errorCodes, meResponseSchema } from '@confab/protocol';
import {
  LOGIN_ATTEMPTS_PER_MINUTE, LOGIN_FAILURES_PER_ACCOUNT, LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS,
} from '../src/http/account-routes.js';
import { SESSION_COOKIE, userFromCookieHeader } from '../src/http/auth.js';
import { addressKey } from '../src/http/rate-limits.js';
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

  it('refuses an account after 5 wrong passwords from one address, there only', async () => {
    await world.accounts.createUser({ username: 'carol', password: 'correct horse' });
    for (let i = 0; i < LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS; i++) {
      const response = await login(world, 'carol', 'wrong horse', '198.18.5.66');
      assert.equal(response.statusCode, 401, `attempt ${i + 1}`);
    }

    for (let i = 0; i < 5; i++) {
      const refused = await login(world, 'Carol', i === 4 ? 'correct horse' : 'wrong horse', '198.18.5.66');
      assert.equal(refused.statusCode, 429, `attempt ${LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS + i + 1}`);
      assert.equal(refused.json().code, 'too-many-attempts');
      assert.ok(Number(refused.headers['retry-after']) > 60, 'the lock lasts the failure window');
    }

    const elsewhere = await login(world, 'carol', 'correct horse', '198.18.5.1');
    assert.equal(elsewhere.statusCode, 200, 'one address cannot lock an account out for everyone');
    const otherAccount = await login(world, 'alice', 'correct horse', '198.18.5.67');
    assert.equal(otherAccount.statusCode, 200);
  });

  it('counts every address of one IPv6 /64 as one address for an account', async () => {
    for (let i = 0; i < LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS; i++) {
      const response = await login(world, 'alice', 'wrong horse', `2001:db8:1:2::${i + 1}`);
      assert.equal(response.statusCode, 401, `attempt ${i + 1}`);
    }

    const sameSubnet = await login(world, 'alice', 'correct horse', '2001:db8:1:2:ffff::9');
    assert.equal(sameSubnet.statusCode, 429);
    const otherSubnet = await login(world, 'alice', 'correct horse', '2001:db8:1:3::1');
    assert.equal(otherSubnet.statusCode, 200);
  });

  it('never counts a successful login toward an account\'s limits', async () => {
    for (let i = 0; i < 3 * LOGIN_ATTEMPTS_PER_MINUTE; i++) {
      const response = await login(world, 'alice', 'correct horse', `198.18.6.${i + 1}`);
      assert.equal(response.statusCode, 200, `login ${i + 1}`);
    }
  });

  it(`refuses an account once ${LOGIN_FAILURES_PER_ACCOUNT} wrong passwords came from many addresses`,
    async () => {
      await world.accounts.createUser({ username: 'bob', password: 'correct horse' });
      const addresses = LOGIN_FAILURES_PER_ACCOUNT / LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS;
      for (let i = 0; i < LOGIN_FAILURES_PER_ACCOUNT; i++) {
        const address = `198.18.7.${(i % addresses) + 1}`;
        const response = await login(world, 'alice', 'wrong horse', address);
        assert.equal(response.statusCode, 401, `attempt ${i + 1} from ${address}`);
      }

      const refused = await login(world, 'ALICE', 'correct horse', '198.18.8.1');
      assert.equal(refused.statusCode, 429);
      assert.equal(refused.json().code, 'too-many-attempts');

      const other = await login(world, 'bob', 'correct horse', '198.18.8.2');
      assert.equal(other.statusCode, 200);
    });
});

describe('client addresses as the rate limits count them', () => {
  it('keeps IPv4 addresses whole and counts IPv6 ones by their /64', () => {
    assert.equal(addressKey('198.18.0.1'), '198.18.0.1');
    assert.equal(addressKey('::ffff:198.18.0.1'), '198.18.0.1');
    assert.equal(addressKey('2001:db8:1:2::1'), '2001:db8:1:2::/64');
    assert.equal(addressKey('2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd'), '2001:db8:1:2::/64');
    assert.equal(addressKey('2001:db8::1'), '2001:db8:0:0::/64');
    assert.equal(addressKey('::1'), '0:0:0:0::/64');
    assert.equal(addressKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
    assert.equal(addressKey('64:ff9b::198.18.0.1'), '64:ff9b:0:0::/64');
    assert.notEqual(addressKey('2001:db8:1:2::1'), addressKey('2001:db8:1:3::1'));
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
