import { ConfabError, parseMeetingReference } from '@confab/protocol';
import type { EndReason, MeetingInfo, User } from '@confab/protocol';
import type { ChatService } from '../chat/chat-service.js';
import type { Logger } from '../log.js';
import type { AudioMedia } from '../media/types.js';
import { nowIso } from '../store/db.js';
import { CallIdTakenError } from '../store/meetings-repo.js';
import type { MeetingsRepo } from '../store/meetings-repo.js';
import type { MeetingRow } from '../store/schema.js';
import { newCallId, newMeetingId } from './ids.js';
import { LiveMeeting } from './live-meeting.js';
import type { ParticipantLink } from './live-meeting.js';
import { MediaLegs } from './media-legs.js';
import { ParticipantSession } from './session.js';

/** The settings the meetings service needs, taken from the server's configuration. */
export interface MeetingsOptions {
  publicUrl: string;
  sipAddress: string | null;
  phoneNumber: string | null;
  maxMeetings: number;
  maxParticipants: number;
  /** Seconds a meeting with nobody present keeps running before it ends by itself. */
  emptyGraceSeconds: number;
  /** Seconds a participant whose connection dropped keeps their place. */
  reconnectGraceSeconds: number;
}

/** How many times a fresh call ID is drawn before giving up (a clash is one in millions). */
const CALL_ID_ATTEMPTS = 8;

/**
 * The one authority on meetings and who is in them. Browsers reach it through the signalling layer;
 * it drives the media server through `AudioMedia` and keeps meetings in the database so that a
 * server restart loses none.
 *
 * LIMITATION: the live rosters are held in this process's memory, so one Confab node serves all
 * meetings; spreading them over several nodes needs the roster in the database and a message bus.
 */
export class MeetingsService {
  readonly #live = new Map<string, LiveMeeting>();
  readonly #legs: MediaLegs;
  #closing = false;

  constructor(
    private readonly repo: MeetingsRepo,
    private readonly chat: ChatService,
    private readonly media: AudioMedia,
    private readonly options: MeetingsOptions,
    private readonly log: Logger,
  ) {
    this.#legs = new MediaLegs(media, log, () => this.#live.values());
  }

  /** Loads the meetings that were running before a restart; each ends later if nobody comes back. */
  async recover(): Promise<void> {
    for (const row of await this.repo.running()) {
      const meeting = this.#track(row, await this.#organiserName(row));
      this.#armEmptyTimer(meeting);
    }
    if (this.#live.size > 0) this.log.info({ meetings: this.#live.size }, 'meetings recovered');
  }

  /** "Meet now": a new running meeting organised by `user`. */
  async create(user: User, title?: string): Promise<MeetingInfo> {
    if (!user.meetingRight) throw new ConfabError('no-meeting-right');
    if ((await this.repo.countRunning()) >= this.options.maxMeetings) {
      throw new ConfabError('meeting-limit');
    }

    const row = await this.#insertWithFreshCallId({
      id: newMeetingId(),
      title: title?.trim() || `${user.displayName}'s meeting`,
      organiser_id: user.id,
      created_at: nowIso(),
    });
    const meeting = this.#track(row, user.displayName);
    this.#armEmptyTimer(meeting);
    meeting.log.info({ callId: row.call_id, organiserId: user.id }, 'meeting started');

    // Open the room now so the first join does not wait for it; a media outage is not fatal here,
    // the room is opened again on the first offer.
    this.media.openRoom(meeting.roomId).catch((err: unknown) => {
      meeting.log.warn({ err }, 'could not open the audio room yet');
    });
    return meeting.info;
  }

  /** Finds a meeting by what a person typed: a meeting ID, a call ID, or a meeting URL. */
  async resolve(reference: string): Promise<MeetingInfo> {
    const parsed = parseMeetingReference(reference);
    if (!parsed) throw new ConfabError('meeting-unknown');
    if ('meetingId' in parsed) return this.get(parsed.meetingId);

    const live = await this.repo.liveByCallId(parsed.callId);
    if (live) return this.get(live.id);
    if (await this.repo.endedByCallId(parsed.callId)) throw new ConfabError('meeting-ended');
    throw new ConfabError('meeting-unknown');
  }

  /** The meeting's public information; ended meetings are reported with their state. */
  async get(meetingId: string): Promise<MeetingInfo> {
    const live = this.#live.get(meetingId);
    if (live) return live.info;

    const row = await this.repo.byId(meetingId);
    if (!row) throw new ConfabError('meeting-unknown');
    return this.#info(row, await this.#organiserName(row));
  }

  /**
   * Puts `user` into the meeting behind `link`. A second join by the same account takes over its
   * place (a reconnect, or the meeting opened in another tab) instead of adding a ghost.
   */
  async join(user: User, meetingId: string, muted: boolean, link: ParticipantLink):
    Promise<ParticipantSession> {
    const meeting = this.#live.get(meetingId);
    if (!meeting) {
      const row = await this.repo.byId(meetingId);
      throw new ConfabError(row?.state === 'ended' ? 'meeting-ended' : 'meeting-unknown');
    }

    const history = await this.chat.history(meetingId);
    const session = ParticipantSession.enter(this.#sessionDeps(), meeting, { user, muted, link, history });
    if (meeting.emptyTimer) clearTimeout(meeting.emptyTimer);
    meeting.emptyTimer = null;
    return session;
  }

  /** Ends a meeting for everyone: tells them, closes the audio room, marks it ended. */
  async end(meetingId: string, reason: EndReason): Promise<void> {
    const meeting = this.#live.get(meetingId);
    if (!meeting) return;
    this.#live.delete(meetingId);
    meeting.ended = true;
    meeting.clearTimers();

    meeting.broadcast({ type: 'meeting.ended', reason });
    for (const link of meeting.links()) link.close(4003, 'meeting ended');
    await this.repo.markEnded(meetingId);
    await this.media.closeRoom(meeting.roomId).catch((err: unknown) => {
      meeting.log.warn({ err }, 'could not close the audio room');
    });
    meeting.log.info({ reason }, 'meeting ended');
  }

  /** Counts for the health endpoint. */
  stats(): { running: number; participants: number } {
    let participants = 0;
    for (const meeting of this.#live.values()) participants += meeting.roster.size;
    return { running: this.#live.size, participants };
  }

  /** Stops timers and closes connections, leaving meetings running in the database for the restart. */
  close(): void {
    this.#closing = true;
    this.#legs.dispose();
    for (const meeting of this.#live.values()) {
      meeting.clearTimers();
      for (const link of meeting.links()) link.close(1012, 'server restarting');
    }
  }

  #sessionDeps() {
    return {
      legs: this.#legs,
      options: this.options,
      chat: this.chat,
      onEmpty: (meeting: LiveMeeting) => this.#armEmptyTimer(meeting),
      end: (meeting: LiveMeeting, reason: EndReason) => this.end(meeting.id, reason),
    };
  }

  #armEmptyTimer(meeting: LiveMeeting): void {
    if (this.#closing || meeting.emptyTimer || meeting.roster.presentCount() > 0) return;
    meeting.emptyTimer = setTimeout(() => {
      meeting.emptyTimer = null;
      if (meeting.roster.presentCount() > 0) return;
      this.end(meeting.id, 'empty').catch((err: unknown) => {
        meeting.log.error({ err }, 'could not end an empty meeting');
      });
    }, this.options.emptyGraceSeconds * 1000);
    meeting.emptyTimer.unref();
  }

  #track(row: MeetingRow, organiserName: string): LiveMeeting {
    const info = this.#info(row, organiserName);
    const log = this.log.child({ meetingId: row.id });
    const meeting = new LiveMeeting(info, Number(row.call_id), this.options.maxParticipants, log);
    this.#live.set(row.id, meeting);
    return meeting;
  }

  async #insertWithFreshCallId(row: Omit<MeetingRow, 'state' | 'ended_at' | 'call_id'>):
    Promise<MeetingRow> {
    for (let attempt = 0; attempt < CALL_ID_ATTEMPTS; attempt++) {
      try {
        return await this.repo.insert({ ...row, call_id: newCallId() });
      } catch (err) {
        if (!(err instanceof CallIdTakenError)) throw err;
      }
    }
    throw new ConfabError('internal', 'could not find a free call ID');
  }

  #info(row: MeetingRow, organiserName: string): MeetingInfo {
    return {
      id: row.id,
      callId: row.call_id,
      title: row.title,
      organiserId: row.organiser_id,
      organiserName,
      state: row.state,
      url: `${this.options.publicUrl}/meet/${row.id}`,
      sipAddress: this.options.sipAddress,
      phoneNumber: this.options.phoneNumber,
      createdAt: row.created_at,
      endedAt: row.ended_at,
    };
  }

  async #organiserName(row: MeetingRow): Promise<string> {
    return (await this.repo.organiserName(row.organiser_id)) ?? '';
  }
}
