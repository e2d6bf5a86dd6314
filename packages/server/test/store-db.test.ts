import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { sql } from 'kysely';
import { migrate, openSqlite } from '../src/store/db.js';
import { tempDir } from './http-helpers.js';

/** The permission bits of a path, as an octal string like "600". */
function mode(path: string): string {
  return (statSync(path).mode & 0o777).toString(8);
}

describe('the SQLite database on disk', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir('confab-db-')));
  afterEach(() => dir.remove());

  it('creates a missing data directory that only its owner can enter', async () => {
    const data = join(dir.path, 'var', 'confab');
    const db = openSqlite(join(data, 'confab.sqlite'));
    await db.destroy();

    assert.equal(mode(data), '700');
  });

  it('keeps the database and its WAL and shared-memory files readable by their owner only', async () => {
    const file = join(dir.path, 'confab.sqlite');
    const db = openSqlite(file);
    await migrate(db);
    await sql`select count(*) from users`.execute(db);

    for (const path of [file, `${file}-wal`, `${file}-shm`]) {
      assert.ok(existsSync(path), `${path} exists while the database is open`);
      assert.equal(mode(path), '600', path);
    }
    await db.destroy();
  });

  it('takes read access away from others on a database created before', async () => {
    const file = join(dir.path, 'old.sqlite');
    const first = openSqlite(file);
    await migrate(first);
    await first.destroy();
    chmodSync(file, 0o644);
    writeFileSync(`${file}-wal`, '');
    chmodSync(`${file}-wal`, 0o644);

    const db = openSqlite(file);
    await sql`select count(*) from users`.execute(db);
    assert.equal(mode(file), '600');
    assert.equal(mode(`${file}-wal`), '600');
    await db.destroy();
  });

  it('leaves the mode of an existing data directory alone', async () => {
    const data = join(dir.path, 'shared');
    mkdirSync(data, { mode: 0o750 });
    chmodSync(data, 0o750);

    const db = openSqlite(join(data, 'confab.sqlite'));
    await db.destroy();
    assert.equal(mode(data), '750');
  });
});
