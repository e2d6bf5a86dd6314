import type { Candidate, MediaState } from '@confab/protocol';
import type { Logger } from '../log.js';
import type { AudioEvents, AudioMedia, LegId } from '../media/types.js';
import type { LiveMeeting } from './live-meeting.js';
import type { RosterEntry } from './roster.js';

/** Candidates held while an offer is being answered; a browser gathers a handful per interface. */
const MAX_PENDING_CANDIDATES = 64;

/**
 * Ties roster entries to their audio legs in the media server: negotiates a leg for an offer, keeps
 * the roster's `media` and `speaking` state in step with the media server's events, and asks every
 * browser to renegotiate after the media server comes back from a failure.
 */
export class MediaLegs {
  /** Which meeting each leg belongs to; a leg's id is its participant's id. */
  readonly #owners = new Map<LegId, LiveMeeting>();
  readonly #listeners: { [E in keyof AudioEvents]: AudioEvents[E] };

  constructor(
    private readonly media: AudioMedia,
    private readonly log: Logger,
    private readonly meetings: () => Iterable<LiveMeeting>,
  ) {
    this.#listeners = {
      talking: (legId, talking) => this.#onTalking(legId, talking),
      legUp: (legId) => this.#setMedia(legId, 'connected'),
      legDown: (legId, reason) => this.#onLegDown(legId, reason),
      lost: () => this.#onLost(),
      restarted: () => this.#onRestarted(),
    };
    const on = this.#listeners;
    media.on('talking', on.talking);
    media.on('legUp', on.legUp);
    media.on('legDown', on.legDown);
    media.on('lost', on.lost);
    media.on('restarted', on.restarted);
  }

  /**
   * Creates (or replaces) the participant's leg from the browser's offer and returns Janus's answer,
   * or `null` when a newer offer superseded this one while it was in flight.
   */
  async negotiate(meeting: LiveMeeting, entry: RosterEntry, offerSdp: string): Promise<string | null> {
    const presence = meeting.presence(entry.id);
    const attempt = ++presence.negotiation;
    presence.leg = 'negotiating';
    presence.pendingCandidates = [];
    this.#owners.set(entry.id, meeting);
    this.#update(meeting, entry, { media: 'connecting', speaking: false });

    const mutedAtJoin = entry.muted;
    let answerSdp: string;
    try {
      await this.media.openRoom(meeting.roomId);
      ({ answerSdp } = await this.media.joinWebrtc({
        roomId: meeting.roomId,
        legId: entry.id,
        displayName: entry.displayName,
        offerSdp,
        muted: mutedAtJoin,
      }));
    } catch (err) {
      if (attempt === presence.negotiation) {
        presence.leg = 'none';
        this.#update(meeting, entry, { media: 'failed' });
      }
      throw err;
    }
    if (attempt !== presence.negotiation) return null;

    // Candidates that arrived while Janus was answering go on now, in their original order.
    const pending = presence.pendingCandidates;
    presence.leg = 'up';
    presence.pendingCandidates = [];
    for (const candidate of pending) await this.#trickle(meeting, entry, candidate);

    // The person may have toggled the microphone while the leg was being set up.
    if (entry.muted !== mutedAtJoin) await this.media.setMuted(entry.id, entry.muted);
    return answerSdp;
  }

  /**
   * Passes a browser candidate on, or holds it while the offer is being answered. Candidates with
   * no offer to belong to are dropped: the next offer starts a new ICE session anyway.
   */
  async trickle(meeting: LiveMeeting, entry: RosterEntry, candidate: Candidate | null): Promise<void> {
    const presence = meeting.presence(entry.id);
    switch (presence.leg) {
      case 'up':
        return this.#trickle(meeting, entry, candidate);
      case 'negotiating':
        if (presence.pendingCandidates.length < MAX_PENDING_CANDIDATES) {
          presence.pendingCandidates.push(candidate);
        }
        return;
      case 'none':
        return;
    }
  }

  /** Applies the entry's mute state to its leg, if the leg exists yet (else `negotiate` will). */
  async applyMute(meeting: LiveMeeting, entry: RosterEntry): Promise<void> {
    if (!this.#owners.has(entry.id) || meeting.presence(entry.id).leg !== 'up') return;
    await this.media.setMuted(entry.id, entry.muted);
  }

  /** Removes the participant's leg from the media server. */
  async drop(entry: RosterEntry): Promise<void> {
    if (!this.#owners.delete(entry.id)) return;
    await this.media.leave(entry.id).catch((err: unknown) => {
      this.log.warn({ err, participantId: entry.id }, 'could not remove an audio leg');
    });
  }

  dispose(): void {
    const on = this.#listeners;
    this.media.off('talking', on.talking);
    this.media.off('legUp', on.legUp);
    this.media.off('legDown', on.legDown);
    this.media.off('lost', on.lost);
    this.media.off('restarted', on.restarted);
  }

  async #trickle(meeting: LiveMeeting, entry: RosterEntry, candidate: Candidate | null): Promise<void> {
    try {
      await this.media.trickle(entry.id, candidate);
    } catch (err) {
      // A lost candidate costs one path, not the call; ICE goes on with the others.
      meeting.log.debug({ err, participantId: entry.id }, 'candidate not passed on');
    }
  }

  #lookup(legId: LegId): { meeting: LiveMeeting; entry: RosterEntry } | null {
    const meeting = this.#owners.get(legId);
    const entry = meeting?.roster.get(legId);
    return meeting && entry ? { meeting, entry } : null;
  }

  #update(meeting: LiveMeeting, entry: RosterEntry, change: Partial<Pick<RosterEntry, 'media' |
    'speaking'>>): void {
    const changed = (change.media !== undefined && change.media !== entry.media)
      || (change.speaking !== undefined && change.speaking !== entry.speaking);
    if (!changed) return;
    Object.assign(entry, change);
    meeting.announce(entry);
  }

  #onTalking(legId: LegId, talking: boolean): void {
    const found = this.#lookup(legId);
    if (!found) return;
    // A muted participant is silent in the mix; never show them as speaking.
    this.#update(found.meeting, found.entry, { speaking: talking && !found.entry.muted });
  }

  #setMedia(legId: LegId, media: MediaState): void {
    const found = this.#lookup(legId);
    if (found) this.#update(found.meeting, found.entry, { media });
  }

  #onLegDown(legId: LegId, reason: string): void {
    const found = this.#lookup(legId);
    if (!found) return;
    found.meeting.log.info({ participantId: legId, reason }, 'audio leg down');
    // The browser sees its peer connection fail too and sends a new offer.
    this.#update(found.meeting, found.entry, { media: 'reconnecting', speaking: false });
  }

  #onLost(): void {
    this.log.warn('media server lost; audio legs are down until it is back');
    for (const meeting of this.meetings()) {
      for (const entry of meeting.roster.list()) {
        this.#update(meeting, entry, { media: 'reconnecting', speaking: false });
      }
    }
  }

  #onRestarted(): void {
    this.log.info('media server back; asking browsers to reconnect their audio');
    for (const meeting of this.meetings()) {
      this.media.openRoom(meeting.roomId).catch((err: unknown) => {
        meeting.log.warn({ err }, 'could not reopen the audio room');
      });
      for (const entry of meeting.roster.list()) {
        const presence = meeting.presence(entry.id);
        this.#owners.delete(entry.id);
        presence.leg = 'none';
        presence.pendingCandidates = [];
        this.#update(meeting, entry, { media: 'reconnecting', speaking: false });
        presence.link?.send({ type: 'media.restart' });
      }
    }
  }
}
