import { ConfabError } from '@confab/protocol';
import type { Candidate, ChatMessage, EndReason, LeaveReason, User } from '@confab/protocol';
import type { ChatService } from '../chat/chat-service.js';
import { nowIso } from '../store/db.js';
import { newParticipantId } from './ids.js';
import type { LiveMeeting, ParticipantLink } from './live-meeting.js';
import type { MediaLegs } from './media-legs.js';
import { toParticipant } from './roster.js';
import type { RosterEntry } from './roster.js';
import type { MeetingsOptions } from './service.js';

/** What a session needs from the meetings service, kept narrow so the two do not tangle. */
export interface SessionDeps {
  legs: MediaLegs;
  options: MeetingsOptions;
  chat: ChatService;
  onEmpty(meeting: LiveMeeting): void;
  end(meeting: LiveMeeting, reason: EndReason): Promise<void>;
}

/**
 * One participant's hold on a meeting, owned by their connection. Every action goes through it, so
 * the sender of a message is always the connection's own participant, never a field a client sets.
 */
export class ParticipantSession {
  #active = true;

  private constructor(
    private readonly deps: SessionDeps,
    readonly meeting: LiveMeeting,
    readonly entry: RosterEntry,
    private readonly link: ParticipantLink,
  ) {}

  /** Adds the user to the roster (or takes over their existing place) and sends `joined`. */
  static enter(
    deps: SessionDeps,
    meeting: LiveMeeting,
    req: { user: User; muted: boolean; link: ParticipantLink; history: ChatMessage[] },
  ): ParticipantSession {
    const { user, muted, link } = req;
    let entry = meeting.roster.byAccount(user.id);
    const rejoin = entry !== undefined;

    if (entry) {
      const presence = meeting.presence(entry.id);
      const previous = presence.link;
      if (previous && previous !== link) {
        previous.send({
          type: 'error', code: 'session-replaced', message: 'You opened this meeting in another window.',
          inReplyTo: null,
        });
        previous.close(4002, 'replaced');
      }
      if (presence.awayTimer) clearTimeout(presence.awayTimer);
      presence.awayTimer = null;
      entry.away = false;
      entry.muted = muted;
    } else {
      if (meeting.roster.isFull) throw new ConfabError('meeting-full');
      entry = {
        id: newParticipantId(),
        accountId: user.id,
        displayName: user.displayName,
        kind: 'browser',
        role: user.id === meeting.info.organiserId ? 'organiser' : 'participant',
        muted,
        speaking: false,
        media: 'connecting',
        away: false,
        joinedAt: nowIso(),
      };
      meeting.roster.add(entry);
    }

    meeting.presence(entry.id).link = link;
    link.send({
      type: 'joined',
      selfId: entry.id,
      meeting: meeting.info,
      participants: meeting.roster.list().map(toParticipant),
      chat: req.history,
      // LIMITATION: no TURN relay is configured yet, so browsers behind a NAT that blocks UDP to
      // the media address cannot connect; they get only Janus's host candidates.
      iceServers: [],
    });

    const participant = toParticipant(entry);
    if (rejoin) meeting.broadcast({ type: 'participant.updated', participant }, entry.id);
    else meeting.broadcast({ type: 'participant.joined', participant }, entry.id);
    meeting.log.info({ participantId: entry.id, accountId: user.id, rejoin }, 'participant joined');
    return new ParticipantSession(deps, meeting, entry, link);
  }

  get active(): boolean {
    return this.#active;
  }

  /** The browser's offer for its audio leg; answers with Janus's SDP. */
  async offer(sdp: string): Promise<void> {
    this.#check();
    const answer = await this.deps.legs.negotiate(this.meeting, this.entry, sdp);
    if (answer !== null && this.#active) this.link.send({ type: 'media.answer', sdp: answer });
  }

  async candidate(candidate: Candidate | null): Promise<void> {
    this.#check();
    await this.deps.legs.trickle(this.meeting, this.entry, candidate);
  }

  async mute(muted: boolean): Promise<void> {
    this.#check();
    if (this.entry.muted === muted) return;

    this.entry.muted = muted;
    if (muted) this.entry.speaking = false;
    await this.deps.legs.applyMute(this.meeting, this.entry);
    this.meeting.announce(this.entry);
  }

  async chat(text: string): Promise<void> {
    this.#check();
    const message = await this.deps.chat.post(this.meeting.id, {
      accountId: this.entry.accountId,
      name: this.entry.displayName,
    }, text);
    this.meeting.broadcast({ type: 'chat.message', message });
  }

  /** Leaves on purpose: the place is given up at once. */
  async leave(): Promise<void> {
    if (!this.#active) return;
    if (!this.#current()) {
      // A connection that was replaced leaves alone: the place belongs to the newer one.
      this.#active = false;
      this.link.close(1000, 'left');
      return;
    }
    await this.#remove('left');
    this.link.send({ type: 'left' });
    this.link.close(1000, 'left');
  }

  /** Ends the meeting for everyone; only its organiser may. */
  async end(): Promise<void> {
    this.#check();
    if (this.entry.role !== 'organiser') throw new ConfabError('not-organiser');
    await this.deps.end(this.meeting, 'ended-by-organiser');
  }

  /**
   * The connection dropped without a `leave`: keep the place for the reconnect grace period, so a
   * network blip does not drop the person from everyone's list.
   */
  disconnected(): void {
    if (!this.#active) return;
    this.#active = false;
    if (this.meeting.ended) return;

    const presence = this.meeting.presence(this.entry.id);
    if (presence.link !== this.link) return; // already taken over by a newer connection

    presence.link = null;
    this.entry.away = true;
    this.entry.speaking = false;
    this.meeting.announce(this.entry);
    this.deps.onEmpty(this.meeting);

    presence.awayTimer = setTimeout(() => {
      presence.awayTimer = null;
      if (!this.entry.away) return;
      this.#remove('disconnected').catch((err: unknown) => {
        this.meeting.log.error({ err, participantId: this.entry.id }, 'could not remove participant');
      });
    }, this.deps.options.reconnectGraceSeconds * 1000);
    presence.awayTimer.unref();
  }

  async #remove(reason: LeaveReason): Promise<void> {
    this.#active = false;
    const { meeting, entry } = this;
    if (!meeting.roster.remove(entry.id)) return;

    meeting.forget(entry.id);
    meeting.broadcast({ type: 'participant.left', participantId: entry.id, reason });
    meeting.log.info({ participantId: entry.id, reason }, 'participant left');
    this.deps.onEmpty(meeting);
    await this.deps.legs.drop(entry);
  }

  /** Whether this session's connection still holds the participant's place. */
  #current(): boolean {
    return this.meeting.linkOf(this.entry.id) === this.link;
  }

  #check(): void {
    if (!this.#active || this.meeting.ended) throw new ConfabError('not-in-meeting');
    if (!this.#current()) throw new ConfabError('session-replaced');
  }
}
