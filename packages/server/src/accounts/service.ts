import { randomBytes } from 'node:crypto';
import { ConfabError, isPrintableLine } from '@confab/protocol';
import type { User } from '@confab/protocol';
import type { Logger } from '../log.js';
import type { Db } from '../store/db.js';
import { nowIso } from '../store/db.js';
import type { UserRow, UserUpdate } from '../store/schema.js';
import { hashPassword, verifyPassword } from './password.js';
import { SessionsRepo } from './sessions-repo.js';
import { hashToken, newSessionToken } from './tokens.js';
import { UsernameTakenError, UsersRepo } from './users-repo.js';

/** A session lives this long after its last use. */
const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

/** Sliding the expiry costs a write; doing it at most this often keeps reads read-only. */
const TOUCH_EVERY_MS = 10 * 60 * 1000;

const USERNAME = /^[a-z0-9._-]{1,64}$/;
const MIN_PASSWORD = 8;
const MAX_PASSWORD = 1024;
const MAX_DISPLAY_NAME = 100;

export interface NewAccount {
  username: string;
  password: string;
  displayName?: string;
  isAdmin?: boolean;
  meetingRight?: boolean;
  phoneRight?: boolean;
}

/** What `updateUser` may change; a field left out keeps its value. */
export interface AccountChanges {
  displayName?: string;
  isAdmin?: boolean;
  meetingRight?: boolean;
  phoneRight?: boolean;
}

/** Local accounts, their passwords and their login sessions. */
export class AccountsService {
  private readonly users: UsersRepo;
  private readonly sessions: SessionsRepo;
  private readonly now: () => Date;
  /** A real hash to check against when the username is unknown, so both failures take as long. */
  private decoyHash: Promise<string> | null = null;

  constructor(private readonly db: Db, private readonly log: Logger, opts: { now?: () => Date } = {}) {
    this.users = new UsersRepo(db);
    this.sessions = new SessionsRepo(db);
    this.now = opts.now ?? (() => new Date());
  }

  /** Creates an account; `bad-request` for a malformed username or short password, `username-taken`. */
  async createUser(input: NewAccount): Promise<User> {
    const username = normaliseUsername(input.username);
    if (!USERNAME.test(username)) {
      throw new ConfabError('bad-request',
        'A username is 1 to 64 characters among a-z, 0-9, ".", "_" and "-".');
    }
    checkPassword(input.password);
    const displayName = checkDisplayName(input.displayName ?? username);

    let row: UserRow;
    try {
      row = await this.users.insert({
        username,
        display_name: displayName,
        password_hash: await hashPassword(input.password),
        is_admin: input.isAdmin ? 1 : 0,
        meeting_right: input.meetingRight ? 1 : 0,
        phone_right: input.phoneRight ? 1 : 0,
        created_at: nowIso(this.now()),
      });
    } catch (err) {
      if (err instanceof UsernameTakenError) throw new ConfabError('username-taken');
      throw err;
    }

    this.log.info({ userId: row.id, username }, 'account created');
    return toUser(row);
  }

  /** Every account, by username. */
  async listUsers(): Promise<User[]> {
    return (await this.users.all()).map(toUser);
  }

  /** The account with this id, or null. */
  async findUser(id: number): Promise<User | null> {
    const row = await this.users.byId(id);
    return row ? toUser(row) : null;
  }

  /** Replaces an account's password and ends its sessions (`user-unknown`, `bad-request`). */
  async setPassword(username: string, password: string): Promise<void> {
    checkPassword(password);
    const row = await this.users.byUsername(normaliseUsername(username));
    if (!row) throw new ConfabError('user-unknown');

    await this.users.setPasswordHash(row.id, await hashPassword(password));

    // Whoever knew the old password may be logged in; a new password should shut them out.
    await this.sessions.deleteForUser(row.id);
    this.log.info({ userId: row.id }, 'password changed, sessions ended');
  }

  /**
   * Changes an account's display name or rights and returns it (`user-unknown`, `bad-request` for
   * no change given, a bad display name, or taking the last administrator's right away). Open
   * sessions see the new rights at once: every request reads the account again.
   */
  async updateUser(username: string, changes: AccountChanges): Promise<User> {
    const update: UserUpdate = {};
    if (changes.displayName !== undefined) update.display_name = checkDisplayName(changes.displayName);
    if (changes.isAdmin !== undefined) update.is_admin = changes.isAdmin ? 1 : 0;
    if (changes.meetingRight !== undefined) update.meeting_right = changes.meetingRight ? 1 : 0;
    if (changes.phoneRight !== undefined) update.phone_right = changes.phoneRight ? 1 : 0;
    if (Object.keys(update).length === 0) {
      throw new ConfabError('bad-request', 'Give a display name or a right to change.');
    }

    const row = await this.existing(username);
    const updated = await this.users.update(row.id, update, { keepAnAdmin: changes.isAdmin === false });
    if (!updated) throw await this.whyUnchanged(row, 'remove its administrator right');

    this.log.info({ userId: row.id, changed: Object.keys(update) }, 'account changed');
    return toUser(updated);
  }

  /**
   * Deletes an account and ends its sessions (`user-unknown`, `bad-request` for the last
   * administrator). Meetings it organised, and their chat, stay, with its display name.
   */
  async deleteUser(username: string): Promise<void> {
    const row = await this.existing(username);

    // One transaction: a tombstone with live sessions, or sessions gone from a live account,
    // would both be wrong if the second step failed.
    const deleted = await this.db.transaction().execute(async (trx) => {
      const tombstone = await new UsersRepo(trx).markDeleted(row, nowIso(this.now()));
      if (tombstone) await new SessionsRepo(trx).deleteForUser(row.id);
      return tombstone;
    });
    if (!deleted) throw await this.whyUnchanged(row, 'delete it');

    this.log.info({ userId: row.id }, 'account deleted, sessions ended');
  }

  /** Checks a username and password and opens a session (`bad-credentials`). */
  async login(username: string, password: string): Promise<{ user: User; token: string }> {
    const row = await this.users.byUsername(normaliseUsername(username));

    // Hash even when the account does not exist: the answer's timing must not tell which it was.
    const matches = await verifyPassword(password, row?.password_hash ?? await this.decoy());
    if (!row || !matches) {
      this.log.info({ userId: row?.id ?? null }, 'login refused');
      throw new ConfabError('bad-credentials');
    }

    const token = newSessionToken();
    const now = this.now();
    await this.sessions.insert({
      token_hash: hashToken(token),
      user_id: row.id,
      created_at: nowIso(now),
      last_seen_at: nowIso(now),
      expires_at: nowIso(new Date(now.getTime() + SESSION_TTL_MS)),
    });

    this.log.info({ userId: row.id }, 'logged in');
    return { user: toUser(row), token };
  }

  /** The account behind a session token, or null when the token is unknown or expired. */
  async authenticate(token: string): Promise<User | null> {
    const tokenHash = hashToken(token);
    const session = await this.sessions.byTokenHash(tokenHash);
    if (!session) return null;

    const now = this.now();
    if (session.expires_at <= nowIso(now)) {
      await this.sessions.delete(tokenHash);
      return null;
    }

    const row = await this.users.byId(session.user_id);
    if (!row) return null;

    if (now.getTime() - Date.parse(session.last_seen_at) >= TOUCH_EVERY_MS) {
      await this.sessions.touch(tokenHash, nowIso(now), nowIso(new Date(now.getTime() + SESSION_TTL_MS)));
    }
    return toUser(row);
  }

  /** Ends the session of this token; an unknown token is not an error. */
  async logout(token: string): Promise<void> {
    await this.sessions.delete(hashToken(token));
  }

  /** Deletes sessions nobody used within their lifetime; returns how many. */
  async pruneExpiredSessions(): Promise<number> {
    return this.sessions.deleteExpired(nowIso(this.now()));
  }

  /**
   * On a database without accounts, creates `admin` (administrator, meeting and phone rights) with
   * `password`, or with a generated one that is returned so it can be shown once. Does nothing, and
   * changes no password, when any account exists.
   */
  async ensureFirstAdmin(password?: string): Promise<{ created: boolean; generatedPassword?: string }> {
    if ((await this.users.count()) > 0) return { created: false };

    const generated = password === undefined ? randomBytes(18).toString('base64url') : undefined;
    try {
      await this.createUser({
        username: 'admin',
        password: password ?? generated ?? '',
        displayName: 'Administrator',
        isAdmin: true,
        meetingRight: true,
        phoneRight: true,
      });
    } catch (err) {
      // A `confab user add` running at the same moment may have created the first account.
      if (err instanceof ConfabError && err.code === 'username-taken') return { created: false };
      throw err;
    }

    return generated === undefined ? { created: true } : { created: true, generatedPassword: generated };
  }

  private async existing(username: string): Promise<UserRow> {
    const row = await this.users.byUsername(normaliseUsername(username));
    if (!row) throw new ConfabError('user-unknown');
    return row;
  }

  /** A guarded write changed nothing: the account went meanwhile, or it is the last administrator. */
  private async whyUnchanged(row: UserRow, action: string): Promise<ConfabError> {
    if (!(await this.users.byId(row.id))) return new ConfabError('user-unknown');
    return new ConfabError('bad-request',
      `"${row.username}" is the only administrator; make another account an administrator before `
      + `you ${action}.`);
  }

  private decoy(): Promise<string> {
    this.decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
    return this.decoyHash;
  }
}

function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD || password.length > MAX_PASSWORD) {
    throw new ConfabError('bad-request',
      `A password is ${MIN_PASSWORD} to ${MAX_PASSWORD} characters long.`);
  }
  // Eight spaces pass the length rule but are the first thing anyone guesses.
  if (password.trim().length === 0) {
    throw new ConfabError('bad-request', 'A password cannot be only spaces.');
  }
}

function checkDisplayName(name: string): string {
  const trimmed = name.trim();
  // Control characters would forge extra lines in lists and logs; bidi overrides would make a name
  // read as another one.
  if (trimmed.length === 0 || trimmed.length > MAX_DISPLAY_NAME || !isPrintableLine(trimmed)) {
    throw new ConfabError('bad-request',
      `A display name is 1 to ${MAX_DISPLAY_NAME} printable characters.`);
  }
  return trimmed;
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    isAdmin: row.is_admin === 1,
    meetingRight: row.meeting_right === 1,
    phoneRight: row.phone_right === 1,
  };
}
