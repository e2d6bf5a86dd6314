import { ConfabError, errorCodes } from '@confab/protocol';
import type { ErrorBody } from '@confab/protocol';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';

/**
 * Maps every failure to an `ErrorBody`: a `ConfabError` keeps its code and status, a schema failure
 * is `bad-request`, Fastify's own client errors (bad JSON, body too large) keep their 4xx status,
 * and anything else is `internal`, logged, with nothing of its message sent out.
 */
export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = describe(error);

  if (status >= 500) {
    request.log.error({ err: error }, 'request failed');
  } else {
    request.log.debug({ code: body.code, status }, 'request refused');
  }
  void reply.code(status).send(body);
}

function describe(error: FastifyError | Error): { status: number; body: ErrorBody } {
  if (error instanceof ConfabError) return { status: error.httpStatus, body: error.toBody() };

  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return { status: 400, body: { code: 'bad-request', message: `${where}${issue?.message ?? 'invalid'}` } };
  }

  const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status >= 400 && status < 500) {
    return { status, body: { code: 'bad-request', message: error.message } };
  }
  return { status: 500, body: { code: 'internal', message: errorCodes.internal.message } };
}

/** The answer for an unknown API path or method. */
export function notFoundBody(): ErrorBody {
  return { code: 'not-found', message: errorCodes['not-found'].message };
}
