import { WS_PATH, assertNever, closeCodes } from '@confab/protocol';
import type {
  ChatMessage, EndReason, ErrorCode, MeetingInfo, Participant, ServerMessage,
} from '@confab/protocol';
import type { ClientErrorCode } from '../i18n/index.js';
import { AudioLeg } from './audio-leg.js';
import type { AudioState } from './audio-leg.js';
import { openMicrophone } from './microphone.js';
import type { MicProblem } from './microphone.js';
import { appendChat, removeParticipant, sortParticipants, upsertParticipant } from './roster.js';
import { SignallingClient } from './signalling.js';
import type { SignallingState, SocketFactory } from './signalling.js';

/**
 * `starting` while the microphone is asked for; `joining` until `joined`; then `in-meeting`.
 * The others are final: `left`, `ended` (for everyone), `replaced` (opened elsewhere), `refused`.
 */
export type MeetingPhase = 'starting' | 'joining' | 'in-meeting' | 'left' | 'ended' | 'replaced' | 'refused';

export type UiError = ErrorCode | ClientErrorCode;

export interface MeetingSnapshot {
  phase: MeetingPhase;
  connection: SignallingState;
  audio: AudioState;
  selfId: string | null;
  meeting: MeetingInfo | null;
  participants: readonly Participant[];
  chat: readonly ChatMessage[];
  /** The person's microphone is off (by choice, by a moderator, or for want of a microphone). */
  muted: boolean;
  speakerOn: boolean;
  mic: 'pending' | 'ok' | MicProblem;
  autoplayBlocked: boolean;
  endReason: EndReason | null;
  /** Why the meeting could not be joined (phase `refused`). */
  error: UiError | null;
  /** A request inside the meeting that failed, shown until dismissed. */
  notice: UiError | null;
}

export interface MeetingSessionOptions {
  meetingId: string;
  /** The microphone choice made before joining. */
  micOn: boolean;
  /** Defaults to the page's own origin and `/ws`. */
  url?: string;
  socketFactory?: SocketFactory;
}

/** How long `leave` waits for the server's `left` before closing the socket itself. */
const LEAVE_TIMEOUT_MS = 1_500;

const finalPhases: ReadonlySet<MeetingPhase> = new Set(['left', 'ended', 'replaced', 'refused']);

/** The address of the signalling endpoint on this page's origin. */
export function signallingUrl(location: Location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${WS_PATH}`;
}

/**
 * One person's presence in one meeting: the microphone, the signalling connection, the audio leg
 * and the state the interface shows. React reads it through `subscribe`/`getSnapshot`.
 */
export class MeetingSession {
  private readonly options: MeetingSessionOptions;
  private readonly listeners = new Set<() => void>();
  private snapshot: MeetingSnapshot;
  private signalling: SignallingClient | null = null;
  private leg: AudioLeg | null = null;
  private track: MediaStreamTrack | null = null;
  private wantMicOn: boolean;
  /** The mute state sent to the server and not yet confirmed by it. */
  private pendingMute: boolean | null = null;
  private readonly onOnline = (): void => this.signalling?.retryNow();
  private readonly onPageHide = (): void => this.leave();

  constructor(options: MeetingSessionOptions) {
    this.options = options;
    this.wantMicOn = options.micOn;
    this.snapshot = {
      phase: 'starting', connection: 'connecting', audio: 'idle', selfId: null, meeting: null,
      participants: [], chat: [], muted: !options.micOn, speakerOn: true, mic: 'pending',
      autoplayBlocked: false, endReason: null, error: null, notice: null,
    };
  }

  /** The meeting this session joins. */
  get meetingId(): string {
    return this.options.meetingId;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): MeetingSnapshot => this.snapshot;

  /** Asks for the microphone, then joins. */
  async start(): Promise<void> {
    await this.acquireMicrophone();
    if (this.isFinal()) return;

    window.addEventListener('online', this.onOnline);
    window.addEventListener('pagehide', this.onPageHide);
    this.update({ phase: 'joining' });

    this.signalling = new SignallingClient({
      url: this.options.url ?? signallingUrl(window.location),
      meetingId: this.options.meetingId,
      muted: () => this.snapshot.muted,
      onMessage: (message) => this.onMessage(message),
      onState: (state, code) => this.onSignallingState(state, code),
      socketFactory: this.options.socketFactory,
    });
    this.signalling.start();
  }

  /** The microphone toggle: silences the track here and tells the server to mute the leg. */
  setMuted(muted: boolean): void {
    if (!muted && !this.track) {
      // No microphone yet (refused or absent): turning it on means asking again.
      void this.retryMicrophone();
      return;
    }

    this.wantMicOn = !muted;
    if (this.track) this.track.enabled = !muted;
    this.update({ muted });

    this.pendingMute = muted;
    if (!this.signalling?.send({ type: 'mute', muted })) this.pendingMute = null;
  }

  /** The speaker toggle: silences what this browser plays. */
  setSpeakerOn(on: boolean): void {
    this.leg?.setSpeakerOn(on);
    this.update({ speakerOn: on });
  }

  /**
   * Sends a chat message to everyone; false when it could not be sent right now.
   * LIMITATION: messages are not queued while the connection is being restored; the person is
   * told and the text stays in the box to send again.
   */
  sendChat(text: string): boolean {
    const trimmed = text.trim();
    if (!trimmed) return false;

    const sent = this.signalling?.send({ type: 'chat.send', text: trimmed }) ?? false;
    if (!sent) this.update({ notice: 'offline' });
    return sent;
  }

  /** Asks for the microphone again ("Try again") and starts sending if it is granted. */
  async retryMicrophone(): Promise<void> {
    this.wantMicOn = true;
    await this.acquireMicrophone();
    if (!this.track || this.isFinal()) return;

    await this.leg?.setTrack(this.track);
    this.setMuted(false);
  }

  /** Plays the meeting's sound after a click, when the browser held it back. */
  resumePlayback(): void {
    this.leg?.resumePlayback();
  }

  /** Leaves the meeting; it goes on for the others. */
  leave(): void {
    if (this.isFinal()) return;

    const signalling = this.signalling;
    if (signalling?.send({ type: 'leave' })) {
      // The server answers `left` and closes; do not wait on a server that does not.
      setTimeout(() => signalling.close(), LEAVE_TIMEOUT_MS);
    } else {
      signalling?.close();
    }
    this.finish({ phase: 'left' });
  }

  /** Ends the meeting for everyone (organiser only); `meeting.ended` follows. */
  endMeeting(): void {
    if (!this.signalling?.send({ type: 'meeting.end' })) this.update({ notice: 'offline' });
  }

  dismissNotice(): void {
    this.update({ notice: null });
  }

  /** Leaves if still inside and releases the microphone, the socket and the audio element. */
  dispose(): void {
    this.leave();
    this.signalling?.close();
    this.releaseMedia();
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('pagehide', this.onPageHide);
  }

  private async acquireMicrophone(): Promise<void> {
    this.update({ mic: 'pending' });
    const result = await openMicrophone();
    if (this.isFinal()) {
      if (result.ok) result.track.stop();
      return;
    }

    if (!result.ok) {
      this.update({ mic: result.problem, muted: true });
      return;
    }
    this.track?.stop();
    this.track = result.track;
    this.track.enabled = this.wantMicOn;
    this.update({ mic: 'ok', muted: !this.wantMicOn });
  }

  private onMessage(message: ServerMessage): void {
    // The end screen shows the meeting as it was when this person's part ended; news arriving
    // before the socket closes (the others leaving after them) must not rewrite it.
    if (this.isFinal()) return;

    switch (message.type) {
      case 'joined':
        this.onJoined(message);
        return;
      case 'media.answer':
        void this.leg?.acceptAnswer(message.sdp).catch(() => this.leg?.negotiationFailed());
        return;
      case 'media.restart':
        void this.leg?.negotiate();
        return;
      case 'participant.joined':
      case 'participant.updated':
        this.onParticipant(message.participant);
        return;
      case 'participant.left':
        this.update({ participants: removeParticipant(this.snapshot.participants, message.participantId) });
        return;
      case 'chat.message':
        this.update({ chat: appendChat(this.snapshot.chat, message.message) });
        return;
      case 'left':
        this.finish({ phase: 'left' });
        return;
      case 'meeting.ended':
        this.finish({ phase: 'ended', endReason: message.reason });
        return;
      case 'pong':
        return;
      case 'error':
        this.onError(message.code, message.inReplyTo);
        return;
      default:
        assertNever(message);
    }
  }

  private onJoined(message: Extract<ServerMessage, { type: 'joined' }>): void {
    const self = message.participants.find((p) => p.id === message.selfId);
    this.update({
      phase: 'in-meeting',
      selfId: message.selfId,
      meeting: message.meeting,
      participants: sortParticipants(message.participants, message.selfId),
      chat: message.chat,
    });

    if (!this.leg) {
      this.leg = new AudioLeg({
        iceServers: message.iceServers,
        sendOffer: (sdp) => this.signalling?.send({ type: 'media.offer', sdp }) ?? false,
        sendCandidate: (candidate) => this.signalling?.send({ type: 'media.candidate', candidate }) ?? false,
        onState: (audio) => this.update({ audio }),
        onAutoplayBlocked: (autoplayBlocked) => this.update({ autoplayBlocked }),
      });
      this.leg.setSpeakerOn(this.snapshot.speakerOn);
      void this.leg.setTrack(this.track).then(() => this.leg?.negotiate());
      return;
    }

    // After a reconnect the server may have kept the leg; a healthy one is left alone.
    const healthy = this.snapshot.audio === 'connected' && self?.media === 'connected';
    if (!healthy) void this.leg.negotiate();
  }

  private onParticipant(participant: Participant): void {
    const participants = upsertParticipant(this.snapshot.participants, participant, this.snapshot.selfId);
    if (participant.id !== this.snapshot.selfId) {
      this.update({ participants });
      return;
    }

    // Until the server confirms our own mute change, its older state must not undo the toggle.
    if (this.pendingMute !== null && participant.muted !== this.pendingMute) {
      this.update({ participants });
      return;
    }
    this.pendingMute = null;

    // A mute decided on the server (a moderator's) is applied to the track as well.
    if (participant.muted !== this.snapshot.muted && this.track) {
      this.track.enabled = !participant.muted;
      this.wantMicOn = !participant.muted;
    }
    this.update({ participants, muted: this.track ? participant.muted : true });
  }

  private onError(code: ErrorCode, inReplyTo: string | null): void {
    if (code === 'session-replaced') {
      this.finish({ phase: 'replaced' });
      return;
    }
    if (inReplyTo === 'join' || this.snapshot.phase === 'joining') {
      this.finish({ phase: code === 'meeting-ended' ? 'ended' : 'refused', error: code });
      return;
    }
    if (inReplyTo === 'media.offer' || inReplyTo === 'media.candidate') {
      this.leg?.negotiationFailed();
      return;
    }
    // A refused mute will never be confirmed; stop waiting so later server states apply again.
    if (inReplyTo === 'mute') this.pendingMute = null;
    this.update({ notice: code });
  }

  private onSignallingState(connection: SignallingState, closeCode?: number): void {
    this.update({ connection });
    if (connection !== 'closed' || this.isFinal()) return;

    switch (closeCode) {
      case closeCodes.replaced:
        this.finish({ phase: 'replaced' });
        return;
      case closeCodes.ended:
        this.finish({ phase: 'ended' });
        return;
      case closeCodes.unauthenticated:
        this.finish({ phase: 'refused', error: 'unauthenticated' });
        return;
      default:
        this.finish({ phase: 'refused', error: this.snapshot.error ?? 'internal' });
    }
  }

  private finish(patch: Partial<MeetingSnapshot>): void {
    if (this.isFinal()) return;

    this.releaseMedia();
    this.update({ ...patch, audio: 'idle', autoplayBlocked: false });
  }

  private releaseMedia(): void {
    this.leg?.close();
    this.leg = null;
    this.track?.stop();
    this.track = null;
  }

  private isFinal(): boolean {
    return finalPhases.has(this.snapshot.phase);
  }

  private update(patch: Partial<MeetingSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}
