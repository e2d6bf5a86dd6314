import type { Health, PublicConfig } from '@confab/protocol';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/load.js';

export interface PublicRoutesOptions {
  config: Config;
  version: string;
  health: () => Health | Promise<Health>;
}

/** GET /api/config (what the web client needs before login) and GET /healthz. */
export async function publicRoutes(app: FastifyInstance, opts: PublicRoutesOptions): Promise<void> {
  const publicConfig: PublicConfig = {
    publicUrl: opts.config.publicUrl,
    sipAddress: opts.config.sipAddress,
    phoneNumber: opts.config.phoneNumber,
    version: opts.version,
  };

  app.get('/api/config', async (): Promise<PublicConfig> => publicConfig);

  app.get('/healthz', async (_request, reply): Promise<Health> => {
    const health = await opts.health();

    // Load balancers and supervisors read the status code, not the body.
    reply.code(health.status === 'ok' ? 200 : 503).header('cache-control', 'no-store');
    return health;
  });
}
