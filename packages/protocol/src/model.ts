import { z } from 'zod';
import { callIdSchema, meetingIdSchema, participantIdSchema } from './ids.js';

export const roleSchema = z.enum(['organiser', 'moderator', 'participant']);
export type Role = z.infer<typeof roleSchema>;

/** How a participant is connected to the meeting's audio. */
export const legKindSchema = z.enum(['browser', 'phone']);
export type LegKind = z.infer<typeof legKindSchema>;

/**
 * The state of a participant's audio leg: `connecting` until Janus reports the WebRTC leg up,
 * `reconnecting` while the server or the network brings it back, `listen-only` when the person has
 * no microphone.
 */
export const mediaStateSchema = z.enum(['connecting', 'connected', 'reconnecting', 'failed']);
export type MediaState = z.infer<typeof mediaStateSchema>;

export const participantSchema = z.object({
  id: participantIdSchema,
  accountId: z.number().int().nullable(),
  displayName: z.string(),
  role: roleSchema,
  kind: legKindSchema,
  muted: z.boolean(),
  speaking: z.boolean(),
  media: mediaStateSchema,
  /** The person is in the list but their connection to Confab dropped; they have a grace period. */
  away: z.boolean(),
  joinedAt: z.string(),
});
export type Participant = z.infer<typeof participantSchema>;

export const meetingStateSchema = z.enum(['running', 'ended']);
export type MeetingState = z.infer<typeof meetingStateSchema>;

export const meetingInfoSchema = z.object({
  id: meetingIdSchema,
  callId: callIdSchema,
  title: z.string(),
  organiserId: z.number().int(),
  organiserName: z.string(),
  state: meetingStateSchema,
  /** The link anyone opens to join, built from the configured public URL. */
  url: z.string(),
  /** The SIP address phones call, when the administrator configured one. */
  sipAddress: z.string().nullable(),
  /** The public phone number routed to the SIP address, when there is one. */
  phoneNumber: z.string().nullable(),
  createdAt: z.string(),
  endedAt: z.string().nullable(),
});
export type MeetingInfo = z.infer<typeof meetingInfoSchema>;

export const chatMessageSchema = z.object({
  id: z.number().int(),
  meetingId: meetingIdSchema,
  authorName: z.string(),
  authorAccountId: z.number().int().nullable(),
  text: z.string(),
  sentAt: z.string(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const userSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  isAdmin: z.boolean(),
  meetingRight: z.boolean(),
  phoneRight: z.boolean(),
});
export type User = z.infer<typeof userSchema>;

export const iceServerSchema = z.object({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof iceServerSchema>;
