import type { MeetingInfo, ServerMessage } from '@confab/protocol';
import type { Logger } from '../log.js';
import type { Candidate } from '@confab/protocol';
import { Roster, toParticipant } from './roster.js';
import type { RosterEntry } from './roster.js';

/** How the meetings service reaches one participant's browser (a WebSocket, in practice). */
export interface ParticipantLink {
  send(message: ServerMessage): void;
  close(code: number, reason: string): void;
}

/** Per-participant state that is not part of the roster the others see. */
interface Presence {
  link: ParticipantLink | null;
  /** Removes an entry whose connection dropped and did not come back in time. */
  awayTimer: NodeJS.Timeout | null;
  /**
   * `none` until an offer arrives; `negotiating` while Janus answers it, when candidates are held
   * (at most a browser's worth) to be passed on once the leg exists; `up` once it does.
   */
  leg: 'none' | 'negotiating' | 'up';
  pendingCandidates: (Candidate | null)[];
  /** Bumped on every offer so that the answer of an older, superseded offer is dropped. */
  negotiation: number;
}

/** A meeting that can still run, with its roster and the links to its participants. */
export class LiveMeeting {
  readonly roster: Roster;
  readonly #presence = new Map<string, Presence>();
  /** Ends the meeting when nobody is left; armed whenever nobody is present. */
  emptyTimer: NodeJS.Timeout | null = null;
  /** Set once the meeting has ended; late events (a socket closing) then change nothing. */
  ended = false;

  constructor(
    readonly info: MeetingInfo,
    readonly roomId: number,
    capacity: number,
    readonly log: Logger,
  ) {
    this.roster = new Roster(capacity);
  }

  get id(): string {
    return this.info.id;
  }

  presence(participantId: string): Presence {
    let presence = this.#presence.get(participantId);
    if (!presence) {
      presence = { link: null, awayTimer: null, leg: 'none', pendingCandidates: [], negotiation: 0 };
      this.#presence.set(participantId, presence);
    }
    return presence;
  }

  /** The participant's current link, without creating a presence for someone who left. */
  linkOf(participantId: string): ParticipantLink | null {
    return this.#presence.get(participantId)?.link ?? null;
  }

  forget(participantId: string): void {
    const presence = this.#presence.get(participantId);
    if (presence?.awayTimer) clearTimeout(presence.awayTimer);
    this.#presence.delete(participantId);
  }

  /** Sends to everyone connected, except `exceptId`. */
  broadcast(message: ServerMessage, exceptId?: string): void {
    for (const [id, presence] of this.#presence) {
      if (id !== exceptId) presence.link?.send(message);
    }
  }

  /** Tells everyone (the participant included) that an entry changed. */
  announce(entry: RosterEntry): void {
    this.broadcast({ type: 'participant.updated', participant: toParticipant(entry) });
  }

  /** Every live link, for shutdown and `meeting.ended`. */
  links(): ParticipantLink[] {
    const links: ParticipantLink[] = [];
    for (const presence of this.#presence.values()) if (presence.link) links.push(presence.link);
    return links;
  }

  clearTimers(): void {
    if (this.emptyTimer) clearTimeout(this.emptyTimer);
    this.emptyTimer = null;
    for (const presence of this.#presence.values()) {
      if (presence.awayTimer) clearTimeout(presence.awayTimer);
      presence.awayTimer = null;
    }
  }
}
