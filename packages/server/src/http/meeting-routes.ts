import {
  ConfabError, createMeetingRequestSchema, meetingIdSchema, resolveQuerySchema,
} from '@confab/protocol';
import type { MeetingResponse, User } from '@confab/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodType } from 'zod';
import type { MeetingsService } from '../meetings/service.js';

export interface MeetingRoutesDeps {
  meetings: MeetingsService;
  requireUser(request: FastifyRequest): Promise<User>;
}

/** `/api/meetings`: start one ("Meet now"), find one by what a person typed, read one. */
export async function registerMeetingRoutes(app: FastifyInstance, deps: MeetingRoutesDeps):
  Promise<void> {
  const { meetings, requireUser } = deps;

  app.post('/api/meetings', async (request, reply): Promise<MeetingResponse> => {
    const user = await requireUser(request);
    const body = parse(createMeetingRequestSchema, request.body ?? {});
    const meeting = await meetings.create(user, body.title);
    reply.code(201);
    return { meeting };
  });

  app.get('/api/meetings/resolve', async (request): Promise<MeetingResponse> => {
    await requireUser(request);
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
