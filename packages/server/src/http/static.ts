import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFoundBody } from './errors.js';

/** The web build, found from this file (src/http or dist/http alike), whatever the working directory. */
export const defaultWebRoot = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** Paths the single-page app never owns: an unknown one there is a plain 404. */
const SERVER_PATHS = /^\/(api|ws|healthz|metrics)(\/|$|\?)/;

/**
 * Serves the web build and answers every other GET with its `index.html`, so `/meet/…` links work
 * on a fresh load. Without a build, those pages say so in plain text.
 */
export async function webRoutes(app: FastifyInstance, opts: { root: string }): Promise<void> {
  const built = existsSync(join(opts.root, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: opts.root,
      // Nothing in a web build starts with a dot; a stray file that does is nobody's business.
      dotfiles: 'deny',
      cacheControl: false,
      setHeaders(reply, path) {
        // Vite puts a content hash in asset names, so they never change; index.html always may.
        const immutable = path.startsWith(join(opts.root, 'assets'));
        reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  } else {
    app.log.warn({ root: opts.root }, 'web application not built; pages answer with a notice');
  }

  app.setNotFoundHandler(async (request: FastifyRequest, reply: FastifyReply) => {
    const isPage = (request.method === 'GET' || request.method === 'HEAD') && !SERVER_PATHS.test(request.url);
    if (!isPage) return reply.code(404).send(notFoundBody());

    if (!built) {
      return reply.code(503).type('text/plain; charset=utf-8')
        .send('The Confab web application is not built. Run `npm run build`, then reload this page.\n');
    }
    return reply.sendFile('index.html');
  });
}
