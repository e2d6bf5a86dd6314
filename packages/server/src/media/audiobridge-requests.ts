import { ConfabError } from '@confab/protocol';
import type { Handle } from 'janode';
import { z } from 'zod';
import { TimeoutError, withTimeout } from './janode-connect.js';
import type { RoomId } from './types.js';

/** Every request to Janus gets an answer within this time or counts as Janus being unavailable. */
export const CALL_TIMEOUT_MS = 5000;

/** AudioBridge's error codes that Confab expects and treats as success. */
const NO_SUCH_ROOM = 485;
const ROOM_EXISTS = 486;

/**
 * Talking detection. Janus averages the ssrc-audio-level of `audio_active_packets` packets and
 * decides at the end of each such window, so with 20 ms Opus frames 15 packets is a 0.3 s window:
 * the speaking indicator reacts 0.3–0.6 s after someone starts or stops, quick enough to follow
 * turn-taking (Janus's default, 100 packets, lags by 2 s). Levels are -dBov (0 loudest, 127
 * silence); 30 is 5 dB more permissive than Janus's default because a window that straddles the
 * gaps between words averages lower than the voice itself, while room noise sits below -40 dBov.
 */
const TALKING_PACKETS = 15;
const TALKING_LEVEL = 30;

const replySchema = z.object({
  plugindata: z.object({
    plugin: z.literal('janus.plugin.audiobridge'),
    data: z.record(z.string(), z.unknown()),
  }),
  jsep: z.object({ type: z.string(), sdp: z.string() }).optional(),
});

const createdSchema = z.object({ audiobridge: z.literal('created'), room: z.number() });
const destroyedSchema = z.object({ audiobridge: z.literal('destroyed') });
const existsSchema = z.object({ audiobridge: z.literal('success'), exists: z.boolean() });
const listSchema = z.object({
  audiobridge: z.literal('success'),
  list: z.array(z.object({ room: z.number(), num_participants: z.number() })),
});
const joinedSchema = z.object({ audiobridge: z.literal('joined'), room: z.number(), id: z.number() });
const joinedRtpSchema = joinedSchema.extend({
  rtp: z.object({ ip: z.string(), port: z.number().int().min(1).max(65535) }),
});
const configuredSchema = z.object({ audiobridge: z.literal('event'), result: z.literal('ok') });

/** A talking event as janode hands it to every handle in the room. */
export const talkingEventSchema = z.object({
  room: z.number(),
  feed: z.number(),
  talking: z.boolean(),
});

/** The reason janode passes with a `handle_hangup`. */
export const hangupEventSchema = z.object({ reason: z.string().optional() });

/**
 * Creates the room; a room that exists already is left as it is. Asking first keeps Janus's log
 * free of errors that are not errors; the code check covers a room created in between.
 */
export async function createRoom(control: Handle, roomId: RoomId): Promise<void> {
  if (await roomExists(control, roomId)) return;
  try {
    await request(control, 'create', createdSchema, {
      request: 'create',
      room: roomId,
      description: `confab-${roomId}`,
      permanent: false,
      sampling_rate: 48000,
      audiolevel_event: true,
      audio_active_packets: TALKING_PACKETS,
      audio_level_average: TALKING_LEVEL,
      allow_rtp_participants: true,
      record: false,
    });
  } catch (err) {
    if (janusCode(err) !== ROOM_EXISTS) throw err;
  }
}

/** Destroys the room and everyone in it; a missing room is fine. */
export async function destroyRoom(control: Handle, roomId: RoomId): Promise<void> {
  if (!(await roomExists(control, roomId))) return;
  try {
    await request(control, 'destroy', destroyedSchema, { request: 'destroy', room: roomId });
  } catch (err) {
    if (janusCode(err) !== NO_SUCH_ROOM) throw err;
  }
}

export async function roomExists(control: Handle, roomId: RoomId): Promise<boolean> {
  const reply = await request(control, 'exists', existsSchema, { request: 'exists', room: roomId });
  return reply.data.exists;
}

export async function listRooms(control: Handle): Promise<{ room: RoomId; participants: number }[]> {
  const reply = await request(control, 'list', listSchema, { request: 'list' });
  return reply.data.list.map((r) => ({ room: r.room, participants: r.num_participants }));
}

/**
 * Joins the room with the browser's offer in the same request, so Janus answers in one round
 * trip; returns the participant id Janus chose and its SDP answer.
 */
export async function joinWithOffer(handle: Handle, req: {
  roomId: RoomId;
  displayName: string;
  muted: boolean;
  offerSdp: string;
}): Promise<{ feed: number; answerSdp: string }> {
  const reply = await request(handle, 'join', joinedSchema, {
    request: 'join',
    room: req.roomId,
    display: req.displayName,
    muted: req.muted,
    codec: 'opus',
  }, { type: 'offer', sdp: req.offerSdp });

  if (reply.jsep?.type !== 'answer') {
    throw new ConfabError('media-failed', 'Janus joined the audio room but sent no SDP answer');
  }
  return { feed: reply.data.id, answerSdp: reply.jsep.sdp };
}

/** What a plain-RTP participant (a phone leg) joins with. */
export interface PlainRtpJoin {
  roomId: RoomId;
  displayName: string;
  muted: boolean;
  codec: 'pcmu' | 'pcma' | 'opus';
  /** Where the caller receives RTP; Janus sends the room's mix there. */
  remote: { ip: string; port: number };
  /** The payload type to send with; Janus's default for the codec when unset. */
  payloadType?: number;
  /** The RFC 6464 audio-level extension id, when the caller sends one (for talking events). */
  audioLevelExt?: number;
}

/** Joins a plain-RTP participant; returns its id and the address Janus receives its RTP on. */
export async function joinPlainRtp(handle: Handle, req: PlainRtpJoin): Promise<{
  feed: number;
  ip: string;
  port: number;
}> {
  const rtp: Record<string, unknown> = { ip: req.remote.ip, port: req.remote.port };
  if (req.payloadType !== undefined) rtp.payload_type = req.payloadType;
  if (req.audioLevelExt !== undefined) rtp.audiolevel_ext = req.audioLevelExt;

  const reply = await request(handle, 'join', joinedRtpSchema, {
    request: 'join',
    room: req.roomId,
    display: req.displayName,
    muted: req.muted,
    codec: req.codec,
    rtp,
  });
  return { feed: reply.data.id, ip: reply.data.rtp.ip, port: reply.data.rtp.port };
}

/** Mutes or unmutes this handle's participant in the mix. */
export async function configureMuted(handle: Handle, muted: boolean): Promise<void> {
  await request(handle, 'configure', configuredSchema, { request: 'configure', muted });
}

async function request<T>(
  handle: Handle,
  what: string,
  schema: z.ZodType<T>,
  body: Record<string, unknown>,
  jsep?: { type: 'offer'; sdp: string },
): Promise<{ data: T; jsep: { type: string; sdp: string } | undefined }> {
  const raw = await call(handle.message(body, jsep), what);
  const reply = replySchema.safeParse(raw);
  const data = reply.success ? schema.safeParse(reply.data.plugindata.data) : null;
  if (!reply.success || !data?.success) {
    throw new ConfabError('media-failed', `Janus sent an unexpected reply to ${what}`);
  }
  return { data: data.data, jsep: reply.data.jsep };
}

/** Runs one Janus request with the call timeout and turns its failure into a `ConfabError`. */
export async function call<T>(promise: Promise<T>, what: string): Promise<T> {
  try {
    return await withTimeout(promise, CALL_TIMEOUT_MS, what);
  } catch (err) {
    throw toMediaError(err, what);
  }
}

/**
 * Janus's refusals (janode rejects with `CODE reason`) become `media-failed`; a timeout or a
 * connection that went away while waiting becomes `media-unavailable`.
 */
export function toMediaError(err: unknown, what: string): ConfabError {
  if (err instanceof ConfabError) return err;
  if (err instanceof TimeoutError) {
    return new ConfabError('media-unavailable', `Janus did not answer ${what} in time`);
  }

  const message = err instanceof Error ? err.message : String(err);
  const refusal = /^(\d+) (.*)$/s.exec(message);
  if (refusal) return new JanusRefusal(Number(refusal[1]), `Janus refused ${what}: ${refusal[2] ?? ''}`);

  // janode's words for a request cut short because the WebSocket, session or handle went away.
  if (/closed|destroyed|detached|unable to send/i.test(message)) {
    return new ConfabError('media-unavailable', `the connection to Janus was lost during ${what}`);
  }
  return new ConfabError('media-failed', `Janus failed ${what}: ${message}`);
}

/** A `media-failed` error that keeps AudioBridge's own error code. */
export class JanusRefusal extends ConfabError {
  readonly janusCode: number;

  constructor(janusCode: number, detail: string) {
    super('media-failed', detail);
    this.janusCode = janusCode;
  }
}

function janusCode(err: unknown): number | null {
  return err instanceof JanusRefusal ? err.janusCode : null;
}
