import { EventEmitter } from 'node:events';
import type { Candidate, ServerMessage, User } from '@confab/protocol';
import { pino } from 'pino';
import { ChatService } from '../src/chat/chat-service.js';
import type { AudioEvents, AudioMedia, LegId, MediaServerState, RoomId } from '../src/media/types.js';
import type { ParticipantLink } from '../src/meetings/live-meeting.js';
import { MeetingsService } from '../src/meetings/service.js';
import type { MeetingsOptions } from '../src/meetings/service.js';
import { migrate, openSqlite } from '../src/store/db.js';
import type { Db } from '../src/store/db.js';
import { MeetingsRepo } from '../src/store/meetings-repo.js';

/**
 * An in-memory stand-in for the media server, for the domain's unit tests only: it records calls
 * and lets a test fire the events Janus would. The real adapter is tested against a real Janus.
 */
export class RecordingAudio implements AudioMedia {
  state: MediaServerState = 'running';
  readonly rooms = new Set<RoomId>();
  readonly legs = new Map<LegId, { roomId: RoomId; muted: boolean; candidates: (Candidate | null)[] }>();
  readonly events = new EventEmitter();

  async openRoom(roomId: RoomId): Promise<void> {
    this.rooms.add(roomId);
  }

  async closeRoom(roomId: RoomId): Promise<void> {
    this.rooms.delete(roomId);
    for (const [id, leg] of this.legs) if (leg.roomId === roomId) this.legs.delete(id);
  }

  async joinWebrtc(req: { roomId: RoomId; legId: LegId; muted: boolean }): Promise<{ answerSdp: string }> {
    if (!this.rooms.has(req.roomId)) throw new Error('no such room');
    this.legs.set(req.legId, { roomId: req.roomId, muted: req.muted, candidates: [] });
    return { answerSdp: `answer-for-${req.legId}` };
  }

  async trickle(legId: LegId, candidate: Candidate | null): Promise<void> {
    this.legs.get(legId)?.candidates.push(candidate);
  }

  async setMuted(legId: LegId, muted: boolean): Promise<void> {
    const leg = this.legs.get(legId);
    if (leg) leg.muted = muted;
  }

  async leave(legId: LegId): Promise<void> {
    this.legs.delete(legId);
  }

  on<E extends keyof AudioEvents>(event: E, listener: AudioEvents[E]): void {
    this.events.on(event, listener);
  }

  off<E extends keyof AudioEvents>(event: E, listener: AudioEvents[E]): void {
    this.events.off(event, listener);
  }

  emit<E extends keyof AudioEvents>(event: E, ...args: Parameters<AudioEvents[E]>): void {
    this.events.emit(event, ...args);
  }
}

/** A participant's end of the connection: everything the server sent, and how it was closed. */
export class RecordingLink implements ParticipantLink {
  readonly received: ServerMessage[] = [];
  closedWith: number | null = null;

  send(message: ServerMessage): void {
    if (this.closedWith === null) this.received.push(message);
  }

  close(code: number): void {
    this.closedWith ??= code;
  }

  of<T extends ServerMessage['type']>(type: T): Extract<ServerMessage, { type: T }>[] {
    return this.received.filter((m): m is Extract<ServerMessage, { type: T }> => m.type === type);
  }

  last<T extends ServerMessage['type']>(type: T): Extract<ServerMessage, { type: T }> | undefined {
    return this.of(type).at(-1);
  }
}

export const defaultOptions: MeetingsOptions = {
  publicUrl: 'https://meet.example.test',
  sipAddress: 'conference@example.test',
  phoneNumber: null,
  maxMeetings: 3,
  maxParticipants: 3,
  emptyGraceSeconds: 60,
  reconnectGraceSeconds: 30,
};

export interface World {
  db: Db;
  audio: RecordingAudio;
  meetings: MeetingsService;
  user(name: string, rights?: { meetingRight?: boolean }): Promise<User>;
}

/** A meetings service over a fresh in-memory database and a recording media server. */
export async function world(options: Partial<MeetingsOptions> = {}): Promise<World> {
  const db = openSqlite(':memory:');
  await migrate(db);
  const repo = new MeetingsRepo(db);
  const audio = new RecordingAudio();
  const meetings = new MeetingsService(repo, new ChatService(repo), audio,
    { ...defaultOptions, ...options }, pino({ level: 'silent' }));

  async function user(name: string, rights: { meetingRight?: boolean } = {}): Promise<User> {
    const row = await db.insertInto('users').values({
      username: name, display_name: name[0]?.toUpperCase() + name.slice(1), password_hash: 'x',
      is_admin: 0, meeting_right: rights.meetingRight ? 1 : 0, phone_right: 0,
      created_at: new Date().toISOString(),
    }).returning('id').executeTakeFirstOrThrow();
    return {
      id: row.id, username: name, displayName: name[0]?.toUpperCase() + name.slice(1),
      isAdmin: false, meetingRight: rights.meetingRight ?? false, phoneRight: false,
    };
  }

  return { db, audio, meetings, user };
}

/** Lets queued promise callbacks run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
