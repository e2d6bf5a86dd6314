import { isIP } from 'node:net';
import type { Health } from '@confab/protocol';
import type { FastifyInstance } from 'fastify';
import { AccountsService } from './accounts/service.js';
import type { Config } from './config/load.js';
import { serverVersion } from './config/version.js';
import { createHttpApp } from './http/app.js';
import type { HttpDeps } from './http/app.js';
import type { Logger } from './log.js';
import { migrate, openSqlite } from './store/db.js';
import type { Db } from './store/db.js';

export interface RunningServer {
  app: FastifyInstance;
  /** The address the server listens on, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** Stops taking requests, then closes what the server opened. Safe to call twice. */
  close(): Promise<void>;
}

/** The server could not start for a reason the message states in full (a port in use…). */
export class StartError extends Error {}

/** Expired sessions are swept at start and then this often. */
const SESSION_SWEEP_MS = 6 * 3600 * 1000;

/**
 * The composition root: opens the database, builds the services, and serves HTTP. Each service is
 * built here and handed down; nothing below reaches for a global.
 */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const log = logger.child({ module: 'server' });
  const startedAt = Date.now();

  const db = openSqlite(config.databaseFile);
  await migrate(db);
  log.info({ database: config.databaseFile }, 'database ready');

  const accounts = new AccountsService(db, logger.child({ module: 'accounts' }));
  const firstAdmin = await accounts.ensureFirstAdmin(config.adminPassword ?? undefined);
  if (firstAdmin.generatedPassword !== undefined) announcePassword(firstAdmin.generatedPassword);
  else if (firstAdmin.created) log.info('administrator account "admin" created with the configured password');

  await accounts.pruneExpiredSessions();
  const sweep = setInterval(() => {
    accounts.pruneExpiredSessions().catch((err: unknown) => log.warn({ err }, 'session sweep failed'));
  }, SESSION_SWEEP_MS);
  sweep.unref();

  const deps: HttpDeps = {
    config,
    logger,
    accounts,
    health: (): Health => ({
      status: 'degraded',
      server: { uptimeSeconds: Math.round((Date.now() - startedAt) / 1000), version: serverVersion },
      janus: { state: 'stopped', connected: false, restarts: 0, pid: null },
      meetings: { running: 0, participants: 0 },
    }),
    plugins: [],
  };

  const app = await createHttpApp(deps);
  const close = closeOnce(log, app, db, sweep);
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    await close();
    throw new StartError(`cannot listen on ${config.host}:${config.port}: ${describe(err)}`, { cause: err });
  }

  const url = listenUrl(config);
  log.info({ url, publicUrl: config.publicUrl, version: serverVersion }, 'Confab is listening');
  return { app, url, close };
}

function closeOnce(log: Logger, app: FastifyInstance, db: Db, sweep: NodeJS.Timeout): () => Promise<void> {
  let closing: Promise<void> | null = null;

  return () => {
    // HTTP first, so no request is halfway through a query when the database goes.
    closing ??= (async () => {
      clearInterval(sweep);
      await app.close();
      await db.destroy();
      log.info('stopped');
    })();
    return closing;
  };
}

/** Printed once, outside the logs, so the password never lands in a log collector. */
function announcePassword(password: string): void {
  const line = `  Administrator account "admin" created with password: ${password}  `;
  const rule = '='.repeat(line.length);
  process.stdout.write(`\n${rule}\n${line}\n  It is not shown again; change it with: confab user passwd admin --password -\n${rule}\n\n`);
}

function listenUrl(config: Config): string {
  const host = isIP(config.host) === 6 ? `[${config.host}]` : config.host;
  return `${config.tls ? 'https' : 'http'}://${host}:${config.port}`;
}

function describe(err: unknown): string {
  if (err instanceof Error && 'code' in err && err.code === 'EADDRINUSE') return 'the port is in use';
  if (err instanceof Error && 'code' in err && err.code === 'EACCES') return 'permission denied';
  return err instanceof Error ? err.message : String(err);
}
