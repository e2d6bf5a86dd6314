import { pino } from 'pino';
import type { Logger } from 'pino';

export type { Logger };

/**
 * The root logger. Modules take a child with `{ module }` and add meeting, participant or call ids
 * as fields. Secrets never go in a log line: the redact list is a safety net, not a licence.
 */
export function createLogger(level: string = process.env.CONFAB_LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'confab' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['password', '*.password', 'token', '*.token', 'cookie', '*.cookie', 'req.headers.cookie'],
      censor: '[redacted]',
    },
  });
}
