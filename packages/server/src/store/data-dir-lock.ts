import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Folders claimed by this process: the pid file alone cannot tell two claims of one process apart. */
const claimedHere = new Set<string>();

/** Thrown when another live server holds the data folder. */
export class DataDirBusyError extends Error {}

/**
 * Claims the data folder for this process, so that a second server on the same folder stops at
 * once instead of rewriting the first one's Janus configuration and sharing its meetings. The
 * claim is a pid file; one left by a process that died is taken over. The command line's `user`
 * commands do not claim the folder: they only touch the database, which allows that.
 */
export function claimDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, 'confab.pid');
  const key = resolve(dataDir);
  if (claimedHere.has(key)) throw busy(process.pid, dataDir);

  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      claimedHere.add(key);
      return () => {
        claimedHere.delete(key);
        rmSync(file, { force: true });
      };
    } catch (err) {
      if (!(err instanceof Error && 'code' in err && err.code === 'EEXIST')) throw err;
    }

    const holder = Number.parseInt(readFileSync(file, 'utf8'), 10);
    if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) throw busy(holder, dataDir);
    rmSync(file, { force: true });
  }
  throw new DataDirBusyError(`could not claim the data folder ${dataDir}`);
}

function busy(holder: number, dataDir: string): DataDirBusyError {
  return new DataDirBusyError(`another Confab server (pid ${holder}) is using the data folder ` +
    `${dataDir}; stop it first, or set CONFAB_DATA_DIR to another folder`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else, which still counts as taken.
    return err instanceof Error && 'code' in err && err.code === 'EPERM';
  }
}
