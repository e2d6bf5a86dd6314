import { ConfabError, errorCodes } from '@confab/protocol';
import type { ErrorBody, ErrorCode } from '@confab/protocol';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';

/**
 * The registry's code for each client-error status that Fastify and its plugins answer with on
 * their own (a body too large, a static path refused…). Any other 4xx of theirs becomes a 400.
 */
const FRAMEWORK_CODES: Readonly<Partial<Record<number, ErrorCode>>> = {
  400: 'bad-request',
  403: 'forbidden',
  404: 'not-found',
  413: 'too-large',
  415: 'unsupported-media-type',
  429: 'too-many-attempts',
};

/**
 * Maps every failure to an `ErrorBody`: a `ConfabError` keeps its code and status, a schema failure
 * is `bad-request`, Fastify's own client errors get the registry's code for their status, and
 * anything else is `internal`, logged, with nothing of its message sent out.
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

/** For Fastify's `frameworkErrors`: failures before routing, such as a URL that does not decode. */
export function handleFrameworkError(
  error: FastifyError, request: FastifyRequest, reply: FastifyReply,
): void {
  // A WebSocket upgrade refused before routing has no HTTP exchange to finish: the socket is
  // already the client's, and answering on it would leave it open for good.
  if (request.raw.headers.upgrade !== undefined) {
    reply.hijack();
    request.raw.socket.destroy();
    return;
  }

  // Fastify's own message repeats the URL; the client knows what it sent.
  const own = error.code === 'FST_ERR_BAD_URL' ? new ConfabError('bad-request', 'The URL is not valid.') : error;
  handleError(own, request, reply);
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
    const code = FRAMEWORK_CODES[status] ?? 'bad-request';
    // Fastify's reasons for a 400 (which part of the body is wrong) help; its other texts do not.
    const message = code === 'bad-request' ? error.message : errorCodes[code].message;
    return { status: errorCodes[code].http, body: { code, message } };
  }
  return { status: 500, body: { code: 'internal', message: errorCodes.internal.message } };
}

/** The answer for an unknown API path or method. */
export function notFoundBody(): ErrorBody {
  return { code: 'not-found', message: errorCodes['not-found'].message };
}
