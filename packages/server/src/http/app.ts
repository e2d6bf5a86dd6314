import { createServer as createHttpsServer } from 'node:https';
import type { Health } from '@confab/protocol';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyWebsocket from '@fastify/websocket';
import { MAX_MESSAGE_BYTES, WS_PATH } from '@confab/protocol';
import { fastify, LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { AccountsService } from '../accounts/service.js';
import type { Config } from '../config/load.js';
import { serverVersion } from '../config/version.js';
import type { Logger } from '../log.js';
import { accountRoutes } from './account-routes.js';
import { handleError, handleFrameworkError } from './errors.js';
import { publicRoutes } from './public-routes.js';
import { defaultWebRoot, webRoutes } from './static.js';

/** What the HTTP layer needs; other parts of the server add their routes through `plugins`. */
export interface HttpDeps {
  config: Config;
  logger: Logger;
  accounts: AccountsService;
  health: () => Health | Promise<Health>;
  /** Route plugins (meetings API, WebSocket signalling…), registered after the session support. */
  plugins?: readonly FastifyPluginAsync[];
  /** Where the web build lives; the package's own `web/dist` unless a test says otherwise. */
  webRoot?: string;
}

/** Builds the Fastify application (not yet listening). */
export async function createHttpApp(deps: HttpDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const tls = config.tls;
  const loggerInstance: FastifyBaseLogger = deps.logger.child({ module: 'http' });

  const app = fastify({
    loggerInstance,
    logController: new QuietLogController(),
    trustProxy: config.trustProxy,
    // Failures before routing (a URL that does not decode) answer in the standard error body too.
    frameworkErrors: handleFrameworkError,
    // Fastify picks the server type from its options; a factory keeps one app type for both.
    serverFactory: tls
      ? (handler) => createHttpsServer({ cert: tls.cert, key: tls.key }, handler)
      : undefined,
  });

  app.decorate('accounts', deps.accounts);
  app.setErrorHandler(handleError);
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    // Meeting links are the one secret in a URL; no Referer must carry them to another site.
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
  });

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  // At the root, before any route: the plugin's upgrade listener serves the whole server, and only
  // routes in its scope get an upgraded socket closed when they are not WebSocket routes.
  await app.register(fastifyWebsocket, {
    options: { maxPayload: MAX_MESSAGE_BYTES },
    errorHandler: (error, socket, request) => {
      // A client can cause these at will (an oversized frame, a reset): not the server's error.
      request.log.debug({ err: error }, 'WebSocket error');
      socket.terminate();
    },
  });
  app.addHook('onRequest', async (request, reply) => {
    // An upgrade to any other path would be accepted and then closed politely, holding the socket
    // until the client answers the close; cut it at once instead.
    if (request.ws && request.routeOptions.url !== WS_PATH) {
      reply.hijack();
      request.raw.socket.destroy();
    }
  });

  // Behind a proxy that terminates TLS the server speaks plain HTTP, but browsers see https.
  const secureCookie = tls !== null || config.publicUrl.startsWith('https:');
  await app.register(accountRoutes, { secureCookie });
  await app.register(publicRoutes, { config, version: serverVersion, health: deps.health });
  for (const plugin of deps.plugins ?? []) await app.register(plugin);

  // Not encapsulated: its not-found handler must answer for the whole application.
  await webRoutes(app, { root: deps.webRoot ?? defaultWebRoot });
  return app;
}

/** One debug line per request instead of Fastify's two info lines; no query string, it may hold ids. */
class QuietLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(_error: Error | null | undefined, request: FastifyRequest, reply: {
    statusCode: number; elapsedTime: number;
  }): void {
    request.log.debug({
      method: request.method,
      path: request.url.split('?')[0],
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    }, 'request');
  }

  override routeNotFound(): void {}
}
