import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { beforeEach, describe, it } from 'node:test';
import { ConfabError } from '@confab/protocol';
import { pino } from 'pino';
import { AccountsService } from '../src/accounts/service.js';
import { migrate, openSqlite } from '../src/store/db.js';
import type { Db } from '../src/store/db.js';

const DAY = 24 * 3600 * 1000;

function rejectsWith(code: string) {
  return (err: unknown) => err instanceof ConfabError && err.code === code;
}

/** An in-memory database and a service whose clock the test moves. */
async function world(): Promise<{ db: Db; accounts: AccountsService; clock: { now: Date } }> {
  const db = openSqlite(':memory:');
  await migrate(db);
  const clock = { now: new Date('2026-01-10T09:00:00.000Z') };
  const accounts = new AccountsService(db, pino({ level: 'silent' }), { now: () => clock.now });
  return { db, accounts, clock };
}

describe('creating accounts', () => {
  let accounts: AccountsService;
  beforeEach(async () => ({ accounts } = await world()));

  it('creates an account with its rights and lower-cases the username', async () => {
    const user = await accounts.createUser({
      username: ' Alice.Martin ', password: 'correct horse', displayName: 'Alice Martin', meetingRight: true,
    });

    assert.deepEqual({ ...user, id: 0 }, {
      id: 0, username: 'alice.martin', displayName: 'Alice Martin',
      isAdmin: false, meetingRight: true, phoneRight: false,
    });
    assert.deepEqual(await accounts.findUser(user.id), user);
  });

  it('uses the username as display name when none is given', async () => {
    const user = await accounts.createUser({ username: 'bob', password: 'correct horse' });
    assert.equal(user.displayName, 'bob');
  });

  it('refuses usernames outside 1-64 of a-z 0-9 . _ -', async () => {
    for (const username of ['', 'with space', 'émile', 'a/b', 'x'.repeat(65)]) {
      await assert.rejects(accounts.createUser({ username, password: 'correct horse' }),
        rejectsWith('bad-request'), username);
    }
    assert.equal((await accounts.createUser({ username: 'a-b_c.9', password: 'correct horse' })).username,
      'a-b_c.9');
  });

  it('refuses a password shorter than 8 characters', async () => {
    await assert.rejects(accounts.createUser({ username: 'bob', password: 'seven77' }), rejectsWith('bad-request'));
    assert.deepEqual(await accounts.listUsers(), []);
  });

  it('refuses a display name with control characters', async () => {
    await assert.rejects(accounts.createUser({ username: 'bob', password: 'correct horse', displayName: 'a\nb' }),
      rejectsWith('bad-request'));
  });

  it('refuses a display name with bidi overrides or isolates, and keeps right-to-left text', async () => {
    for (const displayName of ['Bob \u202eeciffo', 'Bob \u202d', '\u2066Bob\u2069', 'Bob \u2068']) {
      await assert.rejects(accounts.createUser({ username: 'bob', password: 'correct horse', displayName }),
        rejectsWith('bad-request'), JSON.stringify(displayName));
    }

    const user = await accounts.createUser({
      username: 'dana', password: 'correct horse', displayName: '\u05d3\u05e0\u05d4 Levi',
    });
    assert.equal(user.displayName, '\u05d3\u05e0\u05d4 Levi');
  });

  it('refuses a password made only of spaces, whatever its length', async () => {
    for (const password of [' '.repeat(8), '\t'.repeat(12), ` ${'\u00a0'.repeat(9)}`]) {
      await assert.rejects(accounts.createUser({ username: 'bob', password }), rejectsWith('bad-request'));
    }
    await assert.rejects(accounts.setPassword('bob', ' '.repeat(10)), rejectsWith('bad-request'));
  });

  it('refuses a second account with the same username, whatever its case', async () => {
    await accounts.createUser({ username: 'bob', password: 'correct horse' });
    await assert.rejects(accounts.createUser({ username: 'BOB', password: 'other password' }),
      rejectsWith('username-taken'));
  });

  it('lists accounts by username', async () => {
    await accounts.createUser({ username: 'zoe', password: 'correct horse' });
    await accounts.createUser({ username: 'adam', password: 'correct horse' });
    assert.deepEqual((await accounts.listUsers()).map((u) => u.username), ['adam', 'zoe']);
  });

  it('finds no account for an unknown id', async () => {
    assert.equal(await accounts.findUser(999), null);
  });
});

describe('logging in', () => {
  let db: Db;
  let accounts: AccountsService;
  let clock: { now: Date };
  beforeEach(async () => {
    ({ db, accounts, clock } = await world());
    await accounts.createUser({ username: 'alice', password: 'correct horse', phoneRight: true });
  });

  it('opens a session with a 32-byte base64url token and stores only its SHA-256', async () => {
    const { user, token } = await accounts.login('Alice', 'correct horse');

    assert.equal(user.username, 'alice');
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    const rows = await db.selectFrom('sessions').selectAll().execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.token_hash, createHash('sha256').update(token).digest('hex'));
    assert.equal(rows[0]?.expires_at, new Date(clock.now.getTime() + 30 * DAY).toISOString());
  });

  it('refuses a wrong password and an unknown username with the same error', async () => {
    await assert.rejects(accounts.login('alice', 'wrong horse'), rejectsWith('bad-credentials'));
    await assert.rejects(accounts.login('mallory', 'correct horse'), rejectsWith('bad-credentials'));
    assert.equal((await db.selectFrom('sessions').selectAll().execute()).length, 0);
  });

  it('knows the account behind a token, and nothing behind another token', async () => {
    const { user, token } = await accounts.login('alice', 'correct horse');

    assert.deepEqual(await accounts.authenticate(token), user);
    // Change the first character: the last one of 43 base64url characters carries only 4 bits.
    const other = `${token[0] === 'A' ? 'B' : 'A'}${token.slice(1)}`;
    assert.equal(await accounts.authenticate(other), null);
    assert.equal(await accounts.authenticate(''), null);
  });

  it('ends the session at logout', async () => {
    const { token } = await accounts.login('alice', 'correct horse');
    const other = await accounts.login('alice', 'correct horse');

    await accounts.logout(token);
    assert.equal(await accounts.authenticate(token), null);
    assert.notEqual(await accounts.authenticate(other.token), null);
    await accounts.logout(token);
  });

  it('keeps a session used within 30 days alive, sliding its expiry', async () => {
    const { token } = await accounts.login('alice', 'correct horse');

    clock.now = new Date(clock.now.getTime() + 29 * DAY);
    assert.notEqual(await accounts.authenticate(token), null);
    clock.now = new Date(clock.now.getTime() + 29 * DAY);
    assert.notEqual(await accounts.authenticate(token), null);
  });

  it('expires a session unused for 30 days and deletes it', async () => {
    const { token } = await accounts.login('alice', 'correct horse');

    clock.now = new Date(clock.now.getTime() + 30 * DAY + 1000);
    assert.equal(await accounts.authenticate(token), null);
    assert.equal((await db.selectFrom('sessions').selectAll().execute()).length, 0);
  });

  it('sweeps expired sessions that nobody presents again', async () => {
    await accounts.login('alice', 'correct horse');
    clock.now = new Date(clock.now.getTime() + 10 * DAY);
    await accounts.login('alice', 'correct horse');

    clock.now = new Date(clock.now.getTime() + 25 * DAY);
    assert.equal(await accounts.pruneExpiredSessions(), 1);
    assert.equal((await db.selectFrom('sessions').selectAll().execute()).length, 1);
  });
});

describe('changing a password', () => {
  let accounts: AccountsService;
  beforeEach(async () => {
    ({ accounts } = await world());
    await accounts.createUser({ username: 'alice', password: 'correct horse' });
  });

  it('lets the new password in, keeps the old one out, and ends open sessions', async () => {
    const { token } = await accounts.login('alice', 'correct horse');

    await accounts.setPassword('ALICE', 'battery staple');
    await assert.rejects(accounts.login('alice', 'correct horse'), rejectsWith('bad-credentials'));
    assert.equal((await accounts.login('alice', 'battery staple')).user.username, 'alice');
    assert.equal(await accounts.authenticate(token), null);
  });

  it('refuses an unknown username and a short password', async () => {
    await assert.rejects(accounts.setPassword('mallory', 'battery staple'), rejectsWith('user-unknown'));
    await assert.rejects(accounts.setPassword('alice', 'short'), rejectsWith('bad-request'));
  });
});

describe('the first administrator', () => {
  let accounts: AccountsService;
  beforeEach(async () => ({ accounts } = await world()));

  it('creates admin with every right and a generated password on an empty database', async () => {
    const result = await accounts.ensureFirstAdmin();

    assert.equal(result.created, true);
    assert.ok((result.generatedPassword ?? '').length >= 16);
    const { user } = await accounts.login('admin', result.generatedPassword ?? '');
    assert.deepEqual([user.isAdmin, user.meetingRight, user.phoneRight], [true, true, true]);
  });

  it('uses the configured password and shows none', async () => {
    const result = await accounts.ensureFirstAdmin('configured pw');

    assert.deepEqual(result, { created: true });
    assert.equal((await accounts.login('admin', 'configured pw')).user.username, 'admin');
  });

  it('does nothing once any account exists, and changes no password', async () => {
    await accounts.createUser({ username: 'alice', password: 'correct horse' });

    assert.deepEqual(await accounts.ensureFirstAdmin('configured pw'), { created: false });
    assert.deepEqual((await accounts.listUsers()).map((u) => u.username), ['alice']);

    await accounts.ensureFirstAdmin();
    assert.equal((await accounts.listUsers()).length, 1);
  });
});
