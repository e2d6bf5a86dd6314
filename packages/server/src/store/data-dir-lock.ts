import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';

/** Thrown when another live server holds the data folder. */
export class DataDirBusyError extends Error {}

/**
 * Claims the data folder for this process, so that a second server on the same folder stops at
 * once instead of rewriting the first one's Janus configuration and sharing its meetings.
 *
 * The claim is an exclusive SQLite lock on `confab.lock`: the kernel drops it when the process
 * dies however it dies, so a crash leaves nothing to clean up, two starts cannot both win, and a
 * reused pid cannot hold the folder. `confab.pid` only names the holder in the error message.
 * The command line's `user` commands do not claim the folder: they only touch the database.
 */
export function claimDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const pidFile = join(dataDir, 'confab.pid');
  const lock = new SQLite(join(dataDir, 'confab.lock'), { timeout: 0 });

  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    // The first write takes the lock and, in exclusive mode, keeps it until the connection closes.
    lock.exec('BEGIN EXCLUSIVE');
  } catch (err) {
    lock.close();
    if (err instanceof Error && 'code' in err && err.code === 'SQLITE_BUSY') {
      throw new DataDirBusyError(`another Confab server (${holderOf(pidFile)}) is using the data ` +
        `folder ${dataDir}; stop it first, or set CONFAB_DATA_DIR to another folder`);
    }
    throw err;
  }

  writeFileSync(pidFile, `${process.pid}\n`, { mode: 0o600 });
  return () => {
    rmSync(pidFile, { force: true });
    lock.close();
  };
}

function holderOf(pidFile: string): string {
  try {
    const pid = Number.parseInt(readFileSync(pidFile, 'utf8'), 10);
    return Number.isInteger(pid) ? `pid ${pid}` : 'pid unknown';
  } catch {
    return 'pid unknown';
  }
}
