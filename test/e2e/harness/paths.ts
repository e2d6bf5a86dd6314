import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Where test runs leave their logs (server, Janus, browser consoles); gitignored. */
export const resultsDir = join(repoRoot, 'test-results', 'e2e');

/** The compiled server's entry point, as `npm run build` leaves it. */
export const serverMain = join(repoRoot, 'packages', 'server', 'dist', 'main.js');

/** The tone files that the browsers' fake microphones play. */
export type Fixture = 'tone-440' | 'tone-660' | 'silence';

/** The path of a fixture WAV, made with sox (through scripts/lib.sh) if it is missing. */
export function fixture(name: Fixture): string {
  const dir = process.env.CONFAB_FIXTURES ?? join(repoRoot, '.cache', 'fixtures');
  const file = join(dir, `${name}.wav`);
  if (existsSync(file)) return file;

  // `npm test` makes them first; this lets a single file run on its own. The shell helper is the
  // one recipe for the files, so the two ways of running cannot drift apart.
  execFileSync('bash', ['-c', 'source "$1" && ensure_test_fixtures "$2"', 'bash',
    join(repoRoot, 'scripts', 'lib.sh'), dir], { stdio: 'inherit' });
  return file;
}
