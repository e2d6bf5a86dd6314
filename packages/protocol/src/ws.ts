import { z } from 'zod';
import { allErrorCodes } from './errors.js';
import type { ErrorCode } from './errors.js';
import { meetingIdSchema, participantIdSchema } from './ids.js';
import {
  chatMessageSchema, iceServerSchema, meetingInfoSchema, participantSchema,
} from './model.js';
import { hasNoControls, isChatText, isSdpText } from './text.js';

/** Longest chat message accepted, in characters. */
export const MAX_CHAT_LENGTH = 2000;

/** Longest SDP accepted from a browser; real audio offers are 2–6 kB. */
export const MAX_SDP_LENGTH = 32_000;

/** Largest WebSocket message accepted, in bytes; SDP offers, the biggest, are a few kilobytes. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/** The path of Confab's WebSocket endpoint. */
export const WS_PATH = '/ws';

// A candidate is one SDP attribute line (RFC 8839 §5.1): a line break in it would smuggle in more.
const noControls = { error: 'must not contain control characters' };

const candidateSchema = z.object({
  candidate: z.string().max(1000).refine(hasNoControls, noControls),
  sdpMid: z.string().max(64).refine(hasNoControls, noControls).nullable().optional(),
  sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
});
export type Candidate = z.infer<typeof candidateSchema>;

// ---- client → server -------------------------------------------------------------------------

export const clientMessageSchema = z.discriminatedUnion('type', [
  /** Enter a meeting. The first message on a connection; one meeting per connection. */
  z.object({
    type: z.literal('join'),
    meetingId: meetingIdSchema,
    /** Join with the microphone off (the person turned it off before joining, or has none). */
    muted: z.boolean(),
  }),
  /** The browser's SDP offer for its audio leg, sent after `joined` and after `media.restart`. */
  z.object({
    type: z.literal('media.offer'),
    // Janus chokes on other control characters: it stalls, then the leg fails as if it were down.
    sdp: z.string().min(1).max(MAX_SDP_LENGTH).refine(isSdpText, {
      error: 'must not contain control characters other than CR, LF and tab',
    }),
  }),
  /** A trickled ICE candidate of the browser; `null` once gathering is complete. */
  z.object({ type: z.literal('media.candidate'), candidate: candidateSchema.nullable() }),
  /** Turn one's own microphone off or on; the server mutes the AudioBridge participant too. */
  z.object({ type: z.literal('mute'), muted: z.boolean() }),
  /** Send a public chat message to everyone in the meeting. */
  z.object({
    type: z.literal('chat.send'),
    text: z.string().trim().min(1).max(MAX_CHAT_LENGTH).refine(isChatText, {
      error: 'chat text must show something, and may hold line breaks and tabs but no other control '
        + 'characters and no text-direction overrides',
    }),
  }),
  /** Leave the meeting; the connection closes after `left`. */
  z.object({ type: z.literal('leave') }),
  /** End the meeting for everyone (organiser only). */
  z.object({ type: z.literal('meeting.end') }),
  /** Keep-alive; the server answers `pong`. */
  z.object({ type: z.literal('ping') }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;
export type ClientMessageType = ClientMessage['type'];

// ---- server → client -------------------------------------------------------------------------

export const leaveReasonSchema = z.enum(['left', 'disconnected', 'meeting-ended']);
export type LeaveReason = z.infer<typeof leaveReasonSchema>;

export const endReasonSchema = z.enum(['ended-by-organiser', 'empty']);
export type EndReason = z.infer<typeof endReasonSchema>;

export const serverMessageSchema = z.discriminatedUnion('type', [
  /** The join succeeded: who you are, the meeting, everyone in it and the chat history. */
  z.object({
    type: z.literal('joined'),
    selfId: participantIdSchema,
    meeting: meetingInfoSchema,
    participants: z.array(participantSchema),
    chat: z.array(chatMessageSchema),
    iceServers: z.array(iceServerSchema),
  }),
  /** Janus's SDP answer to the browser's offer. */
  z.object({ type: z.literal('media.answer'), sdp: z.string() }),
  /** The media server came back after a failure: make a new peer connection and send a new offer. */
  z.object({ type: z.literal('media.restart') }),
  z.object({ type: z.literal('participant.joined'), participant: participantSchema }),
  /** Any change of a participant's state: mute, speaking, media, away. */
  z.object({ type: z.literal('participant.updated'), participant: participantSchema }),
  z.object({
    type: z.literal('participant.left'),
    participantId: participantIdSchema,
    reason: leaveReasonSchema,
  }),
  z.object({ type: z.literal('chat.message'), message: chatMessageSchema }),
  /** You left; the server closes the connection next. */
  z.object({ type: z.literal('left') }),
  /** The meeting is over for everyone; the server closes the connection next. */
  z.object({ type: z.literal('meeting.ended'), reason: endReasonSchema }),
  z.object({ type: z.literal('pong') }),
  /** A request failed. `inReplyTo` names the message type that caused it, when there was one. */
  z.object({
    type: z.literal('error'),
    code: z.enum(allErrorCodes as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    inReplyTo: z.string().nullable(),
  }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;
export type ServerMessageType = ServerMessage['type'];

/** WebSocket close codes (4000–4999 are the application's own, RFC 6455 §7.4.2). */
export const closeCodes = {
  normal: 1000,
  /** The session cookie is missing or expired. */
  unauthenticated: 4001,
  /** The same account opened the meeting on another connection. */
  replaced: 4002,
  /** The meeting ended. */
  ended: 4003,
  /** The first message was not a valid `join`, or the join was refused. */
  refused: 4004,
  /** Too many malformed messages. */
  protocol: 4005,
} as const;

/** Exhaustiveness guard for switches over discriminated unions. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
