import type { Db } from '../store/db.js';
import type { NewUserRow, UserRow } from '../store/schema.js';

/** Thrown when an account with the same username already exists. */
export class UsernameTakenError extends Error {}

/** Accounts, as stored. */
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
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async byUsername(username: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  }

  async all(): Promise<UserRow[]> {
    return this.db.selectFrom('users').selectAll().orderBy('username').execute();
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Returns false when no account has this id. */
  async setPasswordHash(id: number, passwordHash: string): Promise<boolean> {
    const result = await this.db.updateTable('users').set({ password_hash: passwordHash })
      .where('id', '=', id).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}

/** SQLite and PostgreSQL name a unique-constraint failure differently. */
function isUniqueViolation(err: unknown): boolean {
  if (!(err instanceof Error) || !('code' in err)) return false;
  return err.code === 'SQLITE_CONSTRAINT_UNIQUE' || err.code === '23505';
}
