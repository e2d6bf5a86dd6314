import { ConfabError } from '@confab/protocol';
import type { Candidate } from '@confab/protocol';
import Janode from 'janode';
import type { TrickleCandidate } from 'janode';
import AudioBridgePlugin from 'janode/plugins/audiobridge';
import type { AudioBridgeHandle } from 'janode/plugins/audiobridge';
import type { Logger } from '../log.js';
import {
  call, configureMuted, createRoom, destroyRoom, hangupEventSchema, joinPlainRtp, joinWithOffer,
  JanusRefusal, listRooms, roomExists, talkingEventSchema,
} from './audiobridge-requests.js';
import type { PlainRtpJoin } from './audiobridge-requests.js';
import type { JanusEndpoint } from './janode-connect.js';
import { JanusLink } from './janus-link.js';
import type { Live } from './janus-link.js';
import type { AudioEvents, AudioMedia, LegId, MediaServerState, RoomId } from './types.js';

type Listeners = { [E in keyof AudioEvents]: Set<AudioEvents[E]> };

/** One leg (a browser, or a phone over plain RTP): its own AudioBridge handle and participant id. */
interface Leg {
  id: LegId;
  roomId: RoomId;
  epoch: number;
  handle: AudioBridgeHandle | null;
  feed: number | null;
  talking: boolean;
  muted: boolean;
  /** Candidates that came before Janus had the offer; sent once the join is answered. */
  early: (Candidate | null)[] | null;
}

/**
 * `AudioMedia` over Janus's AudioBridge: one janode connection and session, a control handle for
 * rooms, one handle per leg. Rooms are remembered so they can be recreated after Janus restarts.
 */
export class JanusAudio implements AudioMedia {
  readonly #link: JanusLink;
  readonly #serverState: () => MediaServerState;
  readonly #log: Logger;
  readonly #listeners: Listeners = {
    talking: new Set(), legUp: new Set(), legDown: new Set(), restarted: new Set(), lost: new Set(),
  };
  readonly #legs = new Map<LegId, Leg>();
  /** `room:feed` → leg, to attribute talking events, which name the participant, not the leg. */
  readonly #byFeed = new Map<string, Leg>();
  /** Rooms that should exist: recreated on every reconnect. */
  readonly #rooms = new Set<RoomId>();
  /** Rooms closed while Janus was unreachable; an external Janus may still have them. */
  readonly #stale = new Set<RoomId>();

  constructor(opts: {
    endpoint: () => JanusEndpoint | null;
    serverState: () => MediaServerState;
    log: Logger;
  }) {
    this.#log = opts.log.child({ module: 'audiobridge' });
    this.#serverState = opts.serverState;
    this.#link = new JanusLink(opts.endpoint, (live) => this.#restore(live), this.#log);
    this.#link.on('down', () => this.#onDown());
    this.#link.on('up', (again) => {
      if (again) this.#emit('restarted', (l) => l());
    });
  }

  /** The server's state, except that a Janus that runs but is not connected yet is not usable. */
  get state(): MediaServerState {
    const server = this.#serverState();
    if (this.#link.live || (server !== 'running' && server !== 'external')) return server;
    return this.#link.everUp ? 'restarting' : 'starting';
  }

  get connected(): boolean {
    return this.#link.live !== null;
  }

  /** Connects to Janus (and keeps reconnecting); resolves after the first attempt. */
  async start(): Promise<void> {
    await this.#link.start();
  }

  /** Janus has just come up: try to connect now rather than at the next poll. */
  poke(): void {
    this.#link.poke();
  }

  async stop(): Promise<void> {
    this.#legs.clear();
    this.#byFeed.clear();
    await this.#link.stop();
  }

  on<E extends keyof AudioEvents>(event: E, listener: AudioEvents[E]): void {
    this.#listeners[event].add(listener);
  }

  off<E extends keyof AudioEvents>(event: E, listener: AudioEvents[E]): void {
    this.#listeners[event].delete(listener);
  }

  async openRoom(roomId: RoomId): Promise<void> {
    const live = this.#live();
    const known = this.#rooms.has(roomId);
    this.#rooms.add(roomId);
    this.#stale.delete(roomId);

    try {
      await createRoom(live.control, roomId);
    } catch (err) {
      if (!known) this.#rooms.delete(roomId);
      throw err;
    }
    this.#log.debug({ roomId }, 'audio room open');
  }

  async closeRoom(roomId: RoomId): Promise<void> {
    this.#rooms.delete(roomId);
    const legs = [...this.#legs.values()].filter((leg) => leg.roomId === roomId);
    for (const leg of legs) this.#forget(leg);

    // A dead Janus took the room with it; an external one may not have, so remember to check.
    const live = this.#link.live;
    if (!live) {
      this.#stale.add(roomId);
      return;
    }

    await destroyRoom(live.control, roomId);
    await Promise.all(legs.map((leg) => this.#detach(leg)));
    this.#log.debug({ roomId }, 'audio room closed');
  }

  /** True when Janus has the room (for health checks and tests). */
  async hasRoom(roomId: RoomId): Promise<boolean> {
    return roomExists(this.#live().control, roomId);
  }

  /** The rooms Janus has, with their participant counts. */
  async rooms(): Promise<{ room: RoomId; participants: number }[]> {
    return listRooms(this.#live().control);
  }

  async joinWebrtc(req: {
    roomId: RoomId;
    legId: LegId;
    displayName: string;
    offerSdp: string;
    muted: boolean;
  }): Promise<{ answerSdp: string }> {
    const joined = await this.#join(req, (handle) => joinWithOffer(handle, req));
    return { answerSdp: joined.answerSdp };
  }

  /**
   * Adds a plain-RTP leg (a phone call) that sends to and receives from `remote`; returns the
   * address Janus receives on. Janus sends the mix only after the first packet arrives.
   * LIMITATION: Janus 1.1.2 emits no talking events for plain-RTP participants (audio-level
   * extension or not), so a phone leg never reports `talking` and never shows as speaking.
   */
  async joinRtp(req: PlainRtpJoin & { legId: LegId }): Promise<{ ip: string; port: number }> {
    const joined = await this.#join(req, (handle) => joinPlainRtp(handle, req));
    return { ip: joined.ip, port: joined.port };
  }

  /** The part of every join that is the same: one handle per leg, replaced legs go first. */
  async #join<T extends { feed: number }>(
    req: { roomId: RoomId; legId: LegId; muted: boolean },
    join: (handle: AudioBridgeHandle) => Promise<T>,
  ): Promise<T> {
    const live = this.#live();
    const log = this.#log.child({ legId: req.legId, roomId: req.roomId });

    // Replacing a leg: its old handle goes first so the participant is never in the room twice.
    const old = this.#legs.get(req.legId);
    if (old) {
      this.#forget(old);
      await this.#detach(old);
    }

    const leg: Leg = {
      id: req.legId, roomId: req.roomId, epoch: live.epoch, handle: null, feed: null,
      talking: false, muted: req.muted, early: [],
    };
    this.#legs.set(leg.id, leg);

    try {
      const handle = await call(live.session.attach(AudioBridgePlugin), 'attach');
      leg.handle = handle;
      this.#ensureCurrent(leg);
      this.#watch(leg, handle);

      const joined = await join(handle);
      this.#ensureCurrent(leg);
      leg.feed = joined.feed;
      this.#byFeed.set(feedKey(leg.roomId, joined.feed), leg);
      log.debug({ feed: joined.feed }, 'audio leg joined');

      await this.#settle(leg, req.muted);
      return joined;
    } catch (err) {
      log.debug({ err }, 'audio leg join failed');
      if (this.#legs.get(leg.id) === leg) this.#forget(leg);
      await this.#detach(leg);
      throw err;
    }
  }

  /** Passes a candidate on; one for a leg that is gone (or never was) is dropped. */
  async trickle(legId: LegId, candidate: Candidate | null): Promise<void> {
    this.#live();
    const leg = this.#legs.get(legId);
    if (!leg) return;
    if (leg.early) {
      leg.early.push(candidate);
      return;
    }
    if (leg.handle) await call(leg.handle.trickle(toTrickle(candidate)), 'trickle');
  }

  /** Mutes the leg in the mix; for a leg still joining, the join applies it when done. */
  async setMuted(legId: LegId, muted: boolean): Promise<void> {
    this.#live();
    const leg = this.#legs.get(legId);
    if (!leg) return;
    leg.muted = muted;
    if (leg.handle && leg.feed !== null) await configureMuted(leg.handle, muted);
  }

  async leave(legId: LegId): Promise<void> {
    const leg = this.#legs.get(legId);
    if (!leg) return;
    this.#forget(leg);
    await this.#detach(leg);
  }

  /** After the answer: send the candidates that waited, then any mute change made meanwhile. */
  async #settle(leg: Leg, mutedAtJoin: boolean): Promise<void> {
    const early = leg.early ?? [];
    leg.early = null;
    for (const candidate of early) {
      if (leg.handle) await call(leg.handle.trickle(toTrickle(candidate)), 'trickle');
    }
    if (leg.muted !== mutedAtJoin && leg.handle) await configureMuted(leg.handle, leg.muted);
  }

  /** Maps the handle's events to the leg's; events of a replaced or removed leg are ignored. */
  #watch(leg: Leg, handle: AudioBridgeHandle): void {
    const current = (): boolean => this.#legs.get(leg.id) === leg && leg.handle === handle;
    const down = (reason: string, detached = false): void => {
      if (!current() || !this.#link.live) return;
      this.#log.info({ legId: leg.id, roomId: leg.roomId, reason }, 'audio leg down');
      this.#forget(leg);
      if (detached) leg.handle = null;
      else void this.#detach(leg);
      this.#emit('legDown', (l) => l(leg.id, reason));
    };

    handle.on(Janode.EVENT.HANDLE_WEBRTCUP, () => {
      if (current()) this.#emit('legUp', (l) => l(leg.id));
    });
    // In AudioBridge a hung-up peer connection also takes the participant out of the room.
    handle.on(Janode.EVENT.HANDLE_HANGUP, (data: unknown) => {
      const parsed = hangupEventSchema.safeParse(data);
      down(parsed.success && parsed.data.reason ? parsed.data.reason : 'hangup');
    });
    handle.on(Janode.EVENT.HANDLE_DETACHED, () => down('detached', true));
    handle.on(AudioBridgePlugin.EVENT.AUDIOBRIDGE_KICKED, () => down('kicked'));
    handle.on(AudioBridgePlugin.EVENT.AUDIOBRIDGE_DESTROYED, () => down('room destroyed'));

    // Every handle in a room hears every participant's talking events: attribute each by its
    // participant id, and report only changes, so N copies of one event make one report.
    const onTalking = (data: unknown): void => {
      const parsed = talkingEventSchema.safeParse(data);
      if (!parsed.success) {
        this.#log.debug({ issues: parsed.error.issues.length }, 'talking event not understood');
        return;
      }
      this.#log.debug({ feed: parsed.data.feed, talking: parsed.data.talking }, 'talking event');
      const speaker = this.#byFeed.get(feedKey(parsed.data.room, parsed.data.feed));
      if (!speaker || speaker.talking === parsed.data.talking) return;
      speaker.talking = parsed.data.talking;
      this.#emit('talking', (l) => l(speaker.id, parsed.data.talking));
    };
    handle.on(AudioBridgePlugin.EVENT.AUDIOBRIDGE_TALKING, onTalking);
    handle.on(AudioBridgePlugin.EVENT.AUDIOBRIDGE_PEER_TALKING, onTalking);
  }

  /** Runs on every (re)connect before anyone is told: the rooms must be there first. */
  async #restore(live: Live): Promise<void> {
    for (const roomId of this.#stale) {
      await destroyRoom(live.control, roomId).catch((err: unknown) => {
        if (!(err instanceof JanusRefusal)) throw err;
        this.#log.warn({ err, roomId }, 'Janus refused to destroy a closed audio room');
      });
    }
    this.#stale.clear();
    for (const roomId of [...this.#rooms]) {
      try {
        await createRoom(live.control, roomId);
      } catch (err) {
        // A connection problem fails the whole attempt (retried); a refusal for one room must not
        // keep every other meeting's audio away, so that room is given up.
        if (!(err instanceof JanusRefusal)) throw err;
        this.#log.warn({ err, roomId }, 'Janus refused to recreate an audio room');
        this.#rooms.delete(roomId);
      }
    }
    if (this.#rooms.size > 0) this.#log.info({ rooms: this.#rooms.size }, 'audio rooms recreated');
  }

  #onDown(): void {
    // Every handle died with the session: the legs are gone, and browsers must negotiate anew.
    this.#legs.clear();
    this.#byFeed.clear();
    this.#emit('lost', (l) => l());
  }

  /** The live connection, or `media-unavailable` at once: callers never wait for a dead Janus. */
  #live(): Live {
    const live = this.#link.live;
    if (!live) throw new ConfabError('media-unavailable');
    return live;
  }

  /** A join that was overtaken (replaced, left, or its connection lost) must not go on. */
  #ensureCurrent(leg: Leg): void {
    if (this.#link.live?.epoch !== leg.epoch) throw new ConfabError('media-unavailable');
    if (this.#legs.get(leg.id) !== leg) {
      throw new ConfabError('media-failed', 'the audio leg was replaced or removed while joining');
    }
  }

  #forget(leg: Leg): void {
    if (this.#legs.get(leg.id) === leg) this.#legs.delete(leg.id);
    if (leg.feed !== null && this.#byFeed.get(feedKey(leg.roomId, leg.feed)) === leg) {
      this.#byFeed.delete(feedKey(leg.roomId, leg.feed));
    }
  }

  /** Detaching the handle also takes its participant out of the room. */
  async #detach(leg: Leg): Promise<void> {
    const handle = leg.handle;
    leg.handle = null;
    if (!handle || this.#link.live?.epoch !== leg.epoch) return;
    await call(handle.detach(), 'detach').catch((err: unknown) => {
      this.#log.warn({ err, legId: leg.id }, 'could not detach an audio leg');
    });
  }

  /** Calls every listener of the event; a failing one breaks neither Janus handling nor the rest. */
  #emit<E extends keyof AudioEvents>(event: E, invoke: (listener: AudioEvents[E]) => void): void {
    for (const listener of [...this.#listeners[event]]) {
      try {
        invoke(listener);
      } catch (err) {
        this.#log.error({ err, event }, 'an audio event listener failed');
      }
    }
  }
}

function feedKey(roomId: RoomId, feed: number): string {
  return `${roomId}:${feed}`;
}

function toTrickle(candidate: Candidate | null): TrickleCandidate | null {
  if (!candidate) return null;
  const out: TrickleCandidate = { candidate: candidate.candidate };
  if (typeof candidate.sdpMid === 'string') out.sdpMid = candidate.sdpMid;
  if (typeof candidate.sdpMLineIndex === 'number') out.sdpMLineIndex = candidate.sdpMLineIndex;
  return out;
}
