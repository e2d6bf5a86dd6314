import {
  ConfabError, createMeetingRequestSchema, meetingIdSchema, resolveQuerySchema,
} from '@confab/protocol';
import type { MeetingResponse, User } from '@confab/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodType } from 'zod';
import type { MeetingsService } from '../meetings/service.js';
import { addressKey, refuseOverLimit } from './rate-limits.js';

/** Call-ID lookups allowed per minute and account: a call ID is short enough to guess. */
export const RESOLVES_PER_MINUTE = 30;

/** Lookups allowed per minute and client address, for all the accounts behind it together. */
export const RESOLVES_PER_MINUTE_PER_ADDRESS = 120;

export interface MeetingRoutesDeps {
  meetings: MeetingsService;
  requireUser(request: FastifyRequest): Promise<User>;
}

/** `/api/meetings`: start one ("Meet now"), find one by what a person typed, read one. */
export async function registerMeetingRoutes(app: FastifyInstance, deps: MeetingRoutesDeps):
  Promise<void> {
  const { meetings, requireUser } = deps;
  // A call ID is nine digits and leads to the meeting ID, so lookups are counted per address (before
  // the session check, which costs a database read) and per account. LIMITATION: the counts live in
  // this process's memory: each Confab node allows its own, and a restart forgets them.
  const resolvesPerAddress = app.createRateLimit({
    max: RESOLVES_PER_MINUTE_PER_ADDRESS, timeWindow: 60_000, keyGenerator: (r) => addressKey(r.ip),
  });
  const resolvesPerAccount = app.createRateLimit({
    max: RESOLVES_PER_MINUTE, timeWindow: 60_000,
    keyGenerator: async (r) => `account:${(await requireUser(r)).id}`,
  });

  app.post('/api/meetings', async (request, reply): Promise<MeetingResponse> => {
    const user = await requireUser(request);
    const body = parse(createMeetingRequestSchema, request.body ?? {});
    const meeting = await meetings.create(user, body.title);
    reply.code(201);
    return { meeting };
  });

  app.get('/api/meetings/resolve', async (request, reply): Promise<MeetingResponse> => {
    refuseOverLimit(await resolvesPerAddress(request), request, reply, { limit: 'address' });
    await requireUser(request);
    refuseOverLimit(await resolvesPerAccount(request), request, reply, { limit: 'account' });
    const { ref } = parse(resolveQuerySchema, request.query);
    return { meeting: await meetings.resolve(ref) };
  });

  app.get('/api/meetings/:meetingId', async (request): Promise<MeetingResponse> => {
    await requireUser(request);
    const params = request.params as Record<string, unknown>;
    const meetingId = parse(meetingIdSchema, params.meetingId);
    return { meeting: await meetings.get(meetingId) };
  });
}

function parse<T>(schema: ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw new ConfabError('bad-request', `${where}${issue?.message ?? 'invalid'}`);
}
