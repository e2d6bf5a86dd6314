import type { Candidate } from '@confab/protocol';

/** Identifies one audio leg: a browser peer connection (later a phone call) inside a room. */
export type LegId = string;

/** Janus's AudioBridge room number; Confab uses the meeting's call ID, unique among live meetings. */
export type RoomId = number;

/** The state of the media server as the rest of Confab sees it. */
export type MediaServerState = 'starting' | 'running' | 'restarting' | 'stopped' | 'external';

export interface AudioEvents {
  /** AudioBridge started or stopped hearing this leg (its talking events). */
  talking: (legId: LegId, talking: boolean) => void;
  /** The leg's WebRTC transport is up (Janus `webrtcup`). */
  legUp: (legId: LegId) => void;
  /** Janus hung up the leg on its own (ICE failure, DTLS timeout). */
  legDown: (legId: LegId, reason: string) => void;
  /**
   * The media server was lost and is back: every room has been recreated and every leg is gone.
   * Browsers must renegotiate (the meetings service tells them with `media.restart`).
   */
  restarted: () => void;
  /** The media server is unreachable; legs are dead until `restarted`. */
  lost: () => void;
}

/**
 * The audio mixing service, implemented over Janus AudioBridge. Every call fails with a
 * `ConfabError` (`media-unavailable` when Janus is down, `media-failed` when Janus refuses).
 */
export interface AudioMedia {
  readonly state: MediaServerState;

  /** Creates the room if Janus does not have it (idempotent). Opus 48 kHz, talking events on. */
  openRoom(roomId: RoomId): Promise<void>;
  /** Destroys the room and every leg in it; a missing room is not an error. */
  closeRoom(roomId: RoomId): Promise<void>;

  /**
   * Adds a browser leg to a room with the browser's SDP offer and returns Janus's answer.
   * A leg with the same id is replaced (its old handle detached) — this is how a reconnect or a
   * renegotiation after a restart works.
   */
  joinWebrtc(req: {
    roomId: RoomId;
    legId: LegId;
    displayName: string;
    offerSdp: string;
    muted: boolean;
  }): Promise<{ answerSdp: string }>;
  /** Passes one of the browser's ICE candidates (or the end-of-candidates mark) to Janus. */
  trickle(legId: LegId, candidate: Candidate | null): Promise<void>;
  /** Mutes or unmutes the leg inside the mix (server side, so it is silent for everyone). */
  setMuted(legId: LegId, muted: boolean): Promise<void>;
  /** Removes the leg from its room; unknown legs are ignored. */
  leave(legId: LegId): Promise<void>;

  on<E extends keyof AudioEvents>(event: E, listener: AudioEvents[E]): void;
  off<E extends keyof AudioEvents>(event: E, listener: AudioEvents[E]): void;
}
