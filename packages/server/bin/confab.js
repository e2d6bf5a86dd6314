#!/usr/bin/env node
// The `confab` command: runs the compiled server's command line (see src/main.ts).
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
if (!existsSync(main)) {
  console.error('confab: the server is not built yet; run `npm run build` (or `npm start`) first.');
  process.exit(1);
}
await import(main);
