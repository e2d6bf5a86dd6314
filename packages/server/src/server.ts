import { isIP } from 'node:net';
import type { Health } from '@confab/protocol';
import type { FastifyInstance } from 'fastify';
import { AccountsService } from './accounts/service.js';
import { registerMetrics } from './admin/metrics.js';
import type { Config } from './config/load.js';
import { serverVersion } from './config/version.js';
import { ChatService } from './chat/chat-service.js';
import { createHttpApp } from './http/app.js';
import { requireUser, sessionToken } from './http/auth.js';
import { registerMeetingRoutes } from './http/meeting-routes.js';
import type { Logger } from './log.js';
import { createMedia } from './media/index.js';
import { MediaSetupError, checkJanusCanStart } from './media/preflight.js';
import { MeetingsService } from './meetings/service.js';
import { registerSignalling } from './signalling/endpoint.js';
import { DataDirBusyError, claimDataDir } from './store/data-dir-lock.js';
import { migrate, openSqlite } from './store/db.js';
import { MeetingsRepo } from './store/meetings-repo.js';

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
 * The composition root: claims the data folder, opens the database, builds the services, and
 * serves HTTP. Each service is built here and handed down; nothing below reaches for a global.
 */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const log = logger.child({ module: 'server' });
  const teardown = new Teardown(log);
  try {
    return await compose(config, logger, teardown);
  } catch (err) {
    await teardown.run();
    throw err;
  }
}

async function compose(config: Config, logger: Logger, teardown: Teardown): Promise<RunningServer> {
  const log = logger.child({ module: 'server' });
  const startedAt = Date.now();

  try {
    teardown.add(claimDataDir(config.dataDir));
  } catch (err) {
    if (err instanceof DataDirBusyError) throw new StartError(err.message, { cause: err });
    throw err;
  }

  // Before anything is created or printed: a Janus that can never start stops the server here.
  if (!config.janus.url) {
    try {
      await checkJanusCanStart(config);
    } catch (err) {
      if (err instanceof MediaSetupError) throw new StartError(err.message, { cause: err });
      throw err;
    }
  }

  const db = openSqlite(config.databaseFile);
  teardown.add(() => db.destroy());
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
  teardown.add(() => clearInterval(sweep));

  // Janus comes up in the background if it is slow: the web pages and logins do not need it, and
  // the meetings service tells browsers to (re)connect their audio once it is there. A setting
  // that keeps it from ever starting stops the server instead.
  const media = createMedia(config, logger);
  teardown.add(() => media.stop());
  try {
    await media.start();
  } catch (err) {
    if (err instanceof MediaSetupError) throw new StartError(err.message, { cause: err });
    log.warn({ err }, 'media server not ready yet');
  }

  const meetingsRepo = new MeetingsRepo(db);
  const meetings = new MeetingsService(meetingsRepo, new ChatService(meetingsRepo), media.audio, {
    ...config.meetings,
    publicUrl: config.publicUrl,
    sipAddress: config.sipAddress,
    phoneNumber: config.phoneNumber,
  }, logger.child({ module: 'meetings' }));
  await meetings.recover();

  const app = await createHttpApp({
    config,
    logger,
    accounts,
    health: (): Health => {
      const janus = media.health();
      const up = janus.connected && (janus.state === 'running' || janus.state === 'external');
      return {
        status: up ? 'ok' : 'degraded',
        server: { uptimeSeconds: Math.round((Date.now() - startedAt) / 1000), version: serverVersion },
        janus,
        meetings: meetings.stats(),
      };
    },
    plugins: [
      (scope) => registerMetrics(scope, { meetings: () => meetings.stats(), media: () => media.health() }),
      (scope) => registerMeetingRoutes(scope, { meetings, requireUser }),
      (scope) => registerSignalling(scope, {
        meetings,
        authenticate: async (request) => {
          const token = sessionToken(request);
          const user = token === null ? null : await accounts.authenticate(token);
          if (token === null || user === null) return null;
          return { user, stillValid: async () => (await accounts.authenticate(token)) !== null };
        },
        publicUrl: config.publicUrl,
        log: logger,
      }),
    ],
  });
  teardown.add(() => app.close());
  // Runs first on close: people get "server restarting" before HTTP goes. Meetings stay `running`
  // in the database, and after the restart people rejoin them.
  teardown.add(() => meetings.close());

  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    throw new StartError(`cannot listen on ${config.host}:${config.port}: ${describe(err)}`, { cause: err });
  }

  const url = listenUrl(config);
  log.info({ url, publicUrl: config.publicUrl, version: serverVersion }, 'Confab is listening');
  return {
    app,
    url,
    close: async () => {
      await teardown.run();
      log.info('stopped');
    },
  };
}

/** What was opened, undone in reverse order, once, whether the start failed or the server stops. */
class Teardown {
  readonly #steps: (() => unknown)[] = [];
  #running: Promise<void> | null = null;

  constructor(private readonly log: Logger) {}

  add(step: () => unknown): void {
    this.#steps.push(step);
  }

  run(): Promise<void> {
    this.#running ??= (async () => {
      for (const step of this.#steps.reverse()) {
        try {
          await step();
        } catch (err) {
          this.log.error({ err }, 'a shutdown step failed');
        }
      }
    })();
    return this.#running;
  }
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
