import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Health } from '@confab/protocol';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { pino } from 'pino';
import { AccountsService } from '../src/accounts/service.js';
import { loadConfig } from '../src/config/index.js';
import type { Config } from '../src/config/index.js';
import { createHttpApp } from '../src/http/app.js';
import { migrate, openSqlite } from '../src/store/db.js';
import type { Db } from '../src/store/db.js';

export const healthy: Health = {
  status: 'ok',
  server: { uptimeSeconds: 1, version: 'test' },
  janus: { state: 'running', connected: true, restarts: 0, pid: 1234 },
  meetings: { running: 0, participants: 0 },
};

export interface HttpWorld {
  app: FastifyInstance;
  db: Db;
  accounts: AccountsService;
  config: Config;
  close(): Promise<void>;
}

/** A temporary data directory, removed by `remove`. */
export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** The HTTP application over a real SQLite file in `dataDir`, not listening (use `app.inject`). */
export async function httpWorld(dataDir: string, opts: {
  env?: NodeJS.ProcessEnv;
  webRoot?: string;
  plugins?: FastifyPluginAsync[];
  health?: () => Health;
} = {}): Promise<HttpWorld> {
  const config = loadConfig({ CONFAB_DATA_DIR: dataDir, ...opts.env });
  const db = openSqlite(config.databaseFile);
  await migrate(db);

  const logger = pino({ level: 'silent' });
  const accounts = new AccountsService(db, logger);
  const app = await createHttpApp({
    config,
    logger,
    accounts,
    health: opts.health ?? (() => healthy),
    plugins: opts.plugins ?? [],
    webRoot: opts.webRoot ?? join(dataDir, 'no-web-build'),
  });

  return {
    app, db, accounts, config,
    async close() {
      await app.close();
      await db.destroy();
    },
  };
}

/** The `name=value` part of a Set-Cookie header, and its attributes, lower-cased. */
export function parseSetCookie(
  header: string | string[] | undefined,
): { value: string; attributes: string[] } {
  const first = Array.isArray(header) ? header[0] : header;
  const [pair = '', ...attributes] = (first ?? '').split(';').map((part) => part.trim());
  return { value: pair, attributes: attributes.map((a) => a.toLowerCase()) };
}
