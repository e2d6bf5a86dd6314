import { readFileSync } from 'node:fs';
import { z } from 'zod';

// The same relative path works from src/config (tsx) and dist/config (compiled).
const packageFile = new URL('../../package.json', import.meta.url);

/** The server package's version, shown by /api/config and /healthz. */
export const serverVersion: string = z
  .object({ version: z.string() })
  .parse(JSON.parse(readFileSync(packageFile, 'utf8'))).version;
