import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { beforeEach, describe, it } from 'node:test';
import { ConfabError } from '@confab/protocol';
import { pino } from 'pino';
import { AccountsService } from '../src/accounts/service.js';
import { migrate, nowIso, openSqlite } from '../src/store/db.js';
import type { Db } from '../src/store/db.js';
import { MeetingsRepo } from '../src/store/meetings-repo.js';

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

describe('changing an account', () => {
  let accounts: AccountsService;
  beforeEach(async () => {
    ({ accounts } = await world());
    await accounts.createUser({ username: 'admin', password: 'correct horse', isAdmin: true });
    await accounts.createUser({ username: 'bob', password: 'correct horse', phoneRight: true });
  });

  it('changes only the rights and display name it is given, and returns the account', async () => {
    const changed = await accounts.updateUser('BOB', { meetingRight: true, displayName: ' Bob Martin ' });

    assert.deepEqual({ ...changed, id: 0 }, {
      id: 0, username: 'bob', displayName: 'Bob Martin', isAdmin: false, meetingRight: true, phoneRight: true,
    });
    assert.deepEqual(await accounts.findUser(changed.id), changed);

    const again = await accounts.updateUser('bob', { phoneRight: false, isAdmin: true });
    assert.deepEqual([again.displayName, again.isAdmin, again.meetingRight, again.phoneRight],
      ['Bob Martin', true, true, false]);
  });

  it('shows new rights to a session opened before the change', async () => {
    const { token } = await accounts.login('bob', 'correct horse');
    assert.equal((await accounts.authenticate(token))?.meetingRight, false);

    await accounts.updateUser('bob', { meetingRight: true });
    assert.equal((await accounts.authenticate(token))?.meetingRight, true);

    await accounts.updateUser('bob', { meetingRight: false });
    assert.equal((await accounts.authenticate(token))?.meetingRight, false);
  });

  it('refuses an unknown account, an empty change and a bad display name', async () => {
    await assert.rejects(accounts.updateUser('mallory', { meetingRight: true }), rejectsWith('user-unknown'));
    await assert.rejects(accounts.updateUser('bob', {}), rejectsWith('bad-request'));
    await assert.rejects(accounts.updateUser('bob', { displayName: 'a\u202eb' }), rejectsWith('bad-request'));
    await assert.rejects(accounts.updateUser('bob', { displayName: '  ' }), rejectsWith('bad-request'));
    assert.equal((await accounts.listUsers()).find((u) => u.username === 'bob')?.displayName, 'bob');
  });

  it('refuses to take the administrator right from the only administrator', async () => {
    await assert.rejects(accounts.updateUser('admin', { isAdmin: false }), (err: unknown) =>
      err instanceof ConfabError && err.code === 'bad-request' && /only administrator/.test(err.message));
    assert.equal((await accounts.login('admin', 'correct horse')).user.isAdmin, true);

    // Rights other than the administrator one stay free to change on that account.
    assert.equal((await accounts.updateUser('admin', { meetingRight: true })).meetingRight, true);
  });

  it('takes the administrator right away once another administrator exists', async () => {
    await accounts.updateUser('bob', { isAdmin: true });

    assert.equal((await accounts.updateUser('admin', { isAdmin: false })).isAdmin, false);
    await assert.rejects(accounts.updateUser('bob', { isAdmin: false }), rejectsWith('bad-request'));
  });
});

describe('deleting an account', () => {
  let db: Db;
  let accounts: AccountsService;
  beforeEach(async () => {
    ({ db, accounts } = await world());
    await accounts.createUser({ username: 'admin', password: 'correct horse', isAdmin: true });
    await accounts.createUser({
      username: 'bob', password: 'correct horse', displayName: 'Bob Martin', meetingRight: true,
    });
  });

  it('ends its sessions, refuses its logins and leaves it out of the list', async () => {
    const { user, token } = await accounts.login('bob', 'correct horse');

    await accounts.deleteUser('Bob');
    assert.equal(await accounts.authenticate(token), null);
    await assert.rejects(accounts.login('bob', 'correct horse'), rejectsWith('bad-credentials'));
    assert.deepEqual((await accounts.listUsers()).map((u) => u.username), ['admin']);
    assert.equal(await accounts.findUser(user.id), null);
    assert.equal((await db.selectFrom('sessions').selectAll().execute()).length, 0);
  });

  it('keeps the meetings it organised, their chat and its display name as organiser', async () => {
    const bob = (await accounts.login('bob', 'correct horse')).user;
    const repo = new MeetingsRepo(db);
    await repo.insert({
      id: 'm1', call_id: '123456789', title: 'Weekly', organiser_id: bob.id, created_at: nowIso(),
    });
    await repo.addChat({
      meeting_id: 'm1', author_account_id: bob.id, author_name: 'Bob Martin', text: 'hello', sent_at: nowIso(),
    });

    await accounts.deleteUser('bob');
    assert.equal((await repo.byId('m1'))?.organiser_id, bob.id);
    assert.equal(await repo.organiserName(bob.id), 'Bob Martin');
    assert.deepEqual((await repo.chatHistory('m1', 10)).map((m) => m.text), ['hello']);
  });

  it('frees the username for a new account, which gets none of the old rights', async () => {
    const old = (await accounts.login('bob', 'correct horse')).user;
    await accounts.deleteUser('bob');

    const fresh = await accounts.createUser({ username: 'bob', password: 'battery staple' });
    assert.notEqual(fresh.id, old.id);
    assert.equal(fresh.meetingRight, false);
    await assert.rejects(accounts.login('bob', 'correct horse'), rejectsWith('bad-credentials'));
    assert.equal((await accounts.login('bob', 'battery staple')).user.id, fresh.id);
  });

  it('refuses an unknown or already deleted account', async () => {
    await assert.rejects(accounts.deleteUser('mallory'), rejectsWith('user-unknown'));
    await accounts.deleteUser('bob');
    await assert.rejects(accounts.deleteUser('bob'), rejectsWith('user-unknown'));
    await assert.rejects(accounts.updateUser('bob', { meetingRight: true }), rejectsWith('user-unknown'));
    await assert.rejects(accounts.setPassword('bob', 'battery staple'), rejectsWith('user-unknown'));
  });

  it('refuses to delete the only administrator, and keeps its sessions', async () => {
    const { token } = await accounts.login('admin', 'correct horse');

    await assert.rejects(accounts.deleteUser('admin'), (err: unknown) =>
      err instanceof ConfabError && err.code === 'bad-request' && /only administrator/.test(err.message));
    assert.notEqual(await accounts.authenticate(token), null);

    await accounts.updateUser('bob', { isAdmin: true });
    await accounts.deleteUser('admin');
    assert.equal(await accounts.authenticate(token), null);
    await assert.rejects(accounts.deleteUser('bob'), rejectsWith('bad-request'));
  });

  it('keeps the row as a tombstone with no rights, no usable password and a freed username', async () => {
    const bob = (await accounts.login('bob', 'correct horse')).user;
    await accounts.deleteUser('bob');

    const row = await db.selectFrom('users').selectAll().where('id', '=', bob.id).executeTakeFirstOrThrow();
    assert.equal(row.username, `bob#${bob.id}`);
    assert.equal(row.display_name, 'Bob Martin');
    assert.deepEqual([row.is_admin, row.meeting_right, row.phone_right], [0, 0, 0]);
    assert.doesNotMatch(row.password_hash, /^scrypt\$/);
    assert.equal(row.deleted_at, '2026-01-10T09:00:00.000Z');
  });
});
