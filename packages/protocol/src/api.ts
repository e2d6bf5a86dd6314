import { z } from 'zod';
import { allErrorCodes } from './errors.js';
import type { ErrorCode } from './errors.js';
import { callIdSchema, meetingIdSchema } from './ids.js';
import { meetingInfoSchema, userSchema } from './model.js';
import { isPrintableLine } from './text.js';

/** POST /api/login */
export const loginRequestSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(1024),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

/** GET /api/me, and the answer of POST /api/login */
export const meResponseSchema = z.object({ user: userSchema });
export type MeResponse = z.infer<typeof meResponseSchema>;

/** Longest meeting title, in characters. */
export const MAX_MEETING_TITLE = 200;

/** POST /api/meetings — "Meet now". The title is optional; it follows the rule of display names. */
export const createMeetingRequestSchema = z.object({
  title: z.string().trim().max(MAX_MEETING_TITLE).refine(isPrintableLine, {
    error: `a title is up to ${MAX_MEETING_TITLE} printable characters on one line`,
  }).optional(),
});
export type CreateMeetingRequest = z.infer<typeof createMeetingRequestSchema>;

/** The answer of POST /api/meetings, GET /api/meetings/:id and GET /api/meetings/resolve */
export const meetingResponseSchema = z.object({ meeting: meetingInfoSchema });
export type MeetingResponse = z.infer<typeof meetingResponseSchema>;

/** GET /api/meetings/resolve?ref=… — a meeting ID or a call ID, as typed by a person. */
export const resolveQuerySchema = z.object({ ref: z.string().trim().min(1).max(300) });

/** GET /api/config — what the web client needs to know before login. */
export const publicConfigSchema = z.object({
  publicUrl: z.string(),
  sipAddress: z.string().nullable(),
  phoneNumber: z.string().nullable(),
  version: z.string(),
});
export type PublicConfig = z.infer<typeof publicConfigSchema>;

/** GET /healthz */
export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  server: z.object({ uptimeSeconds: z.number(), version: z.string() }),
  janus: z.object({
    state: z.enum(['starting', 'running', 'restarting', 'stopped', 'external']),
    connected: z.boolean(),
    restarts: z.number().int(),
    pid: z.number().int().nullable(),
  }),
  meetings: z.object({ running: z.number().int(), participants: z.number().int() }),
});
export type Health = z.infer<typeof healthSchema>;

/** The body of every failed HTTP response (see `ErrorBody`), for clients to parse. */
export const errorBodySchema = z.object({
  code: z.enum(allErrorCodes as [ErrorCode, ...ErrorCode[]]),
  message: z.string(),
});

export { callIdSchema, meetingIdSchema };
