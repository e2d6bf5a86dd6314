import type { Db } from '../store/db.js';
import type { NewUserRow, UserRow, UserUpdate } from '../store/schema.js';

/** Thrown when an account with the same username already exists. */
export class UsernameTakenError extends Error {}

/**
 * Not a scrypt hash, so no password ever matches it (`verifyPassword` refuses what it cannot
 * parse): what a deleted account keeps in place of its password.
 */
const NO_PASSWORD = '!deleted';

/** Accounts, as stored. Deleted accounts stay as tombstones that no method here returns. */
export class UsersRepo {
  constructor(private readonly db: Db) {}

  /** Inserts an account; throws `UsernameTakenError` when the username exists. */
  async insert(row: NewUserRow): Promise<UserRow> {
    try {
      return await this.db.insertInto('users').values(row).returningAll().executeTakeFirstOrThrow();
    } catch (err) {
      if (isUniqueViolation(err)) throw new UsernameTakenError(row.username);
      throw err;
    }
  }

  async byId(id: number): Promise<UserRow | undefined> {
    return this.live().where('id', '=', id).executeTakeFirst();
  }

  async byUsername(username: string): Promise<UserRow | undefined> {
    return this.live().where('username', '=', username).executeTakeFirst();
  }

  async all(): Promise<UserRow[]> {
    return this.live().orderBy('username').execute();
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom('users').where('deleted_at', 'is', null)
      .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Returns false when no account has this id. */
  async setPasswordHash(id: number, passwordHash: string): Promise<boolean> {
    const result = await this.db.updateTable('users').set({ password_hash: passwordHash })
      .where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * Applies `changes` to a live account and returns the new row, or undefined when nothing
   * changed. With `keepAnAdmin`, it changes nothing when the account is the last administrator.
   * The check and the write are one statement, so two commands at once cannot both pass it.
   */
  async update(
    id: number, changes: UserUpdate, opts: { keepAnAdmin: boolean },
  ): Promise<UserRow | undefined> {
    let query = this.db.updateTable('users').set(changes)
      .where('id', '=', id).where('deleted_at', 'is', null);

    if (opts.keepAnAdmin) {
      query = query.where((eb) => eb.or([
        eb('is_admin', '=', 0),
        eb(eb.selectFrom('users as admins')
          .select((sub) => sub.fn.countAll<number>().as('n'))
          .where('admins.is_admin', '=', 1).where('admins.deleted_at', 'is', null), '>', 1),
      ]));
    }
    return query.returningAll().executeTakeFirst();
  }

  /**
   * Turns a live account into a tombstone: no rights, no password, and a username that frees the
   * name for a new account. `#` is outside the username alphabet, so the new name can neither
   * clash with an account nor be typed at a login. Changes nothing, and returns undefined, for
   * the last administrator: a server nobody can administer has to be repaired by hand.
   */
  async markDeleted(row: UserRow, at: string): Promise<UserRow | undefined> {
    return this.update(row.id, {
      username: `${row.username}#${row.id}`,
      password_hash: NO_PASSWORD,
      is_admin: 0,
      meeting_right: 0,
      phone_right: 0,
      deleted_at: at,
    }, { keepAnAdmin: true });
  }

  private live() {
    return this.db.selectFrom('users').selectAll().where('deleted_at', 'is', null);
  }
}

/** SQLite and PostgreSQL name a unique-constraint failure differently. */
function isUniqueViolation(err: unknown): boolean {
  if (!(err instanceof Error) || !('code' in err)) return false;
  return err.code === 'SQLITE_CONSTRAINT_UNIQUE' || err.code === '23505';
}
