import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { FastifyInstance } from 'fastify';
import type { MediaHealth } from '../media/index.js';

/** What the metrics read at each scrape; nothing is counted twice in the hot paths. */
export interface MetricsSources {
  meetings(): { running: number; participants: number };
  media(): MediaHealth;
}

/**
 * Serves `GET /metrics` in Prometheus's text format: the process's own metrics, and gauges read
 * from the meetings service and the media supervisor when scraped.
 */
export async function registerMetrics(app: FastifyInstance, sources: MetricsSources): Promise<void> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'confab_' });

  new Gauge({
    name: 'confab_meetings_running', help: 'Meetings that are running.', registers: [registry],
    collect() {
      this.set(sources.meetings().running);
    },
  });
  new Gauge({
    name: 'confab_participants', help: 'Participants in running meetings.', registers: [registry],
    collect() {
      this.set(sources.meetings().participants);
    },
  });
  new Gauge({
    name: 'confab_janus_up', help: '1 while Confab holds a working session with Janus.',
    registers: [registry],
    collect() {
      this.set(sources.media().connected ? 1 : 0);
    },
  });
  const restarts = new Counter({
    name: 'confab_janus_restarts_total', help: 'Times Janus was restarted after it died.',
    registers: [registry],
  });
  let seenRestarts = 0;

  app.get('/metrics', async (_request, reply) => {
    // The supervisor keeps the count; the counter follows it, so it only ever goes up.
    const now = sources.media().restarts;
    if (now > seenRestarts) restarts.inc(now - seenRestarts);
    seenRestarts = now;

    reply.type(registry.contentType);
    return registry.metrics();
  });
}
