import type { Candidate } from '@confab/protocol';

/**
 * `connecting` from the offer until ICE and DTLS are up; `reconnecting` while a broken connection is
 * rebuilt; `failed` when the media server refused and a retry is scheduled.
 */
export type AudioState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'failed';

export interface AudioLegOptions {
  iceServers: RTCIceServer[];
  /** Sends `media.offer`; false when signalling is not joined (the next `joined` renegotiates). */
  sendOffer: (sdp: string) => boolean;
  sendCandidate: (candidate: Candidate | null) => boolean;
  onState: (state: AudioState) => void;
  /** The browser refused to start playback without a click on the page. */
  onAutoplayBlocked: (blocked: boolean) => void;
}

/** How long a `disconnected` connection may take to come back on its own before it is rebuilt. */
const DISCONNECTED_GRACE_MS = 4_000;
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 10_000;

type Timer = ReturnType<typeof setTimeout>;

/**
 * The browser's audio leg to the media server: one peer connection with one audio transceiver
 * (sendrecv with a microphone, recvonly without), and the `<audio>` element that plays the mix.
 *
 * Every recovery builds a new peer connection and sends a fresh offer rather than an ICE restart:
 * the server answers each offer with a new media-server handle, which needs a new DTLS handshake
 * that an ICE restart on the old connection would not perform.
 */
export class AudioLeg {
  private readonly options: AudioLegOptions;
  private readonly audio: HTMLAudioElement;
  private pc: RTCPeerConnection | null = null;
  private track: MediaStreamTrack | null = null;
  private pendingCandidates: (Candidate | null)[] = [];
  private answered = false;
  private failures = 0;
  private state: AudioState = 'idle';
  private graceTimer: Timer | null = null;
  private retryTimer: Timer | null = null;
  private closed = false;

  constructor(options: AudioLegOptions) {
    this.options = options;

    // Chromium only measures received audio that an element plays, and some browsers stop playing
    // elements that leave the document, so it stays in the DOM (hidden) for the leg's lifetime.
    this.audio = document.createElement('audio');
    this.audio.autoplay = true;
    this.audio.hidden = true;
    this.audio.setAttribute('playsinline', '');
    this.audio.dataset.confab = 'remote-audio';
    document.body.append(this.audio);
  }

  /** Whether the current connection can carry the person's microphone. */
  get sending(): boolean {
    return this.pc !== null && this.track !== null;
  }

  /** Builds a new peer connection and sends its offer (first join, media restart, failure). */
  async negotiate(): Promise<void> {
    if (this.closed) return;

    this.clearTimers();
    this.pc?.close();
    this.answered = false;
    this.pendingCandidates = [];

    const pc = new RTCPeerConnection({ iceServers: this.options.iceServers, bundlePolicy: 'max-bundle' });
    this.pc = pc;
    this.wire(pc);
    if (this.track) pc.addTransceiver(this.track, { direction: 'sendrecv' });
    else pc.addTransceiver('audio', { direction: 'recvonly' });
    this.setState(this.state === 'idle' || this.state === 'connecting' ? 'connecting' : 'reconnecting');

    const offer = await pc.createOffer();
    if (pc !== this.pc) return;
    await pc.setLocalDescription(offer);
    if (pc !== this.pc || !pc.localDescription) return;

    if (!this.options.sendOffer(pc.localDescription.sdp)) this.setState('reconnecting');
  }

  /** Applies the media server's answer to the offer in flight. */
  async acceptAnswer(sdp: string): Promise<void> {
    const pc = this.pc;
    // An answer to an offer of a connection that was replaced meanwhile is stale.
    if (!pc || pc.signalingState !== 'have-local-offer') return;

    await pc.setRemoteDescription({ type: 'answer', sdp });
    this.answered = true;

    // Candidates wait for the answer so the server has the media-server leg they belong to.
    for (const candidate of this.pendingCandidates) this.options.sendCandidate(candidate);
    this.pendingCandidates = [];
  }

  /** The server could not set up the leg: try again after a growing pause. */
  negotiationFailed(): void {
    this.setState('failed');
    this.scheduleRetry();
  }

  /**
   * Changes the microphone track. A connection that already sends swaps the track in place;
   * one that was listen-only is renegotiated so it gains a sending direction.
   */
  async setTrack(track: MediaStreamTrack | null): Promise<void> {
    const hadTrack = this.track !== null;
    this.track = track;
    if (!this.pc) return;

    const sender = this.pc.getSenders()[0];
    if (hadTrack && track && sender) {
      await sender.replaceTrack(track);
      return;
    }
    await this.negotiate();
  }

  /** The speaker toggle: silences what this browser plays, nothing else. */
  setSpeakerOn(on: boolean): void {
    this.audio.muted = !on;
  }

  /** Retries playback after a click when autoplay was refused. */
  resumePlayback(): void {
    this.play();
  }

  /** Ends the leg; the microphone track is left to its owner. */
  close(): void {
    this.closed = true;
    this.clearTimers();
    this.pc?.close();
    this.pc = null;
    this.audio.srcObject = null;
    this.audio.remove();
  }

  private wire(pc: RTCPeerConnection): void {
    pc.ontrack = (event) => {
      if (pc !== this.pc) return;
      this.audio.srcObject = event.streams[0] ?? new MediaStream([event.track]);
      this.play();
    };

    pc.onicecandidate = (event) => {
      if (pc !== this.pc) return;
      const candidate: Candidate | null = event.candidate
        ? {
          candidate: event.candidate.candidate,
          sdpMid: event.candidate.sdpMid,
          sdpMLineIndex: event.candidate.sdpMLineIndex,
        }
        : null;
      if (this.answered) this.options.sendCandidate(candidate);
      else this.pendingCandidates.push(candidate);
    };

    pc.onconnectionstatechange = () => {
      if (pc === this.pc) this.onConnectionState(pc.connectionState);
    };
  }

  private onConnectionState(state: RTCPeerConnectionState): void {
    switch (state) {
      case 'connected':
        this.failures = 0;
        this.clearTimers();
        this.setState('connected');
        return;
      case 'disconnected':
        // ICE often recovers from a short loss by itself; rebuild only if it does not.
        this.setState('reconnecting');
        if (!this.graceTimer) {
          this.graceTimer = setTimeout(() => {
            this.graceTimer = null;
            if (this.pc?.connectionState !== 'connected') void this.negotiate();
          }, DISCONNECTED_GRACE_MS);
        }
        return;
      case 'failed':
        this.setState('reconnecting');
        this.scheduleRetry();
        return;
      default:
        return;
    }
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.closed) return;

    const delay = this.failures === 0 ? 0 : Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** (this.failures - 1));
    this.failures += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.negotiate();
    }, delay);
  }

  private play(): void {
    this.audio.play().then(
      () => this.options.onAutoplayBlocked(false),
      (error: unknown) => {
        // A new source interrupting play() is not a refusal; only NotAllowedError is.
        if (error instanceof DOMException && error.name === 'NotAllowedError') {
          this.options.onAutoplayBlocked(true);
        }
      },
    );
  }

  private clearTimers(): void {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.graceTimer = null;
    this.retryTimer = null;
  }

  private setState(state: AudioState): void {
    if (state === this.state) return;

    this.state = state;
    this.options.onState(state);
  }
}
