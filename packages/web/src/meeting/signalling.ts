import { closeCodes, serverMessageSchema } from '@confab/protocol';
import type { ClientMessage, ServerMessage } from '@confab/protocol';

/** What the client needs of a WebSocket; the browser's is adapted by `browserSocket`. */
export interface SocketLike {
  send(data: string): void;
  close(code?: number): void;
}

export interface SocketHandlers {
  onOpen(): void;
  onMessage(data: string): void;
  onClose(code: number): void;
}

export type SocketFactory = (url: string, handlers: SocketHandlers) => SocketLike;

/** Opens a browser WebSocket. */
export const browserSocket: SocketFactory = (url, handlers) => {
  const ws = new WebSocket(url);
  ws.onopen = () => handlers.onOpen();
  ws.onmessage = (event) => {
    if (typeof event.data === 'string') handlers.onMessage(event.data);
  };
  ws.onclose = (event) => handlers.onClose(event.code);
  return { send: (data) => ws.send(data), close: (code) => ws.close(code) };
};

/**
 * `connecting` until the first `joined`; `joined` while in the meeting; `reconnecting` between a
 * dropped socket and the next `joined`; `closed` for good (left, ended, refused, replaced).
 */
export type SignallingState = 'connecting' | 'joined' | 'reconnecting' | 'closed';

export interface SignallingTiming {
  /** Keep-alive period. */
  pingMs: number;
  /** A socket that has carried nothing for this long is taken as dead (networks drop silently). */
  silenceMs: number;
  /** A socket that has not opened after this long is given up and tried again. */
  openTimeoutMs: number;
  backoffMinMs: number;
  backoffMaxMs: number;
}

const defaultTiming: SignallingTiming = {
  pingMs: 20_000,
  silenceMs: 50_000,
  openTimeoutMs: 10_000,
  backoffMinMs: 500,
  backoffMaxMs: 10_000,
};

export interface SignallingOptions {
  /** The `ws:`/`wss:` address of the endpoint. */
  url: string;
  meetingId: string;
  /** Read at every join, so that a re-join carries the current microphone state. */
  muted: () => boolean;
  onMessage: (message: ServerMessage) => void;
  /** `closeCode` is the WebSocket close code that ended the session, when it was closed. */
  onState: (state: SignallingState, closeCode?: number) => void;
  socketFactory?: SocketFactory;
  timing?: Partial<SignallingTiming>;
}

/** Close codes after which joining again would be refused the same way, or is not wanted. */
const finalCloseCodes: ReadonlySet<number> = new Set([
  closeCodes.unauthenticated, closeCodes.replaced, closeCodes.ended, closeCodes.refused,
  closeCodes.protocol,
]);

/** "Closed abnormally" (RFC 6455 §7.4.1), used when the client gives up on a silent socket. */
const ABNORMAL_CLOSE = 1006;

type Timer = ReturnType<typeof setTimeout>;

/**
 * The meeting's signalling connection: joins, keeps the socket alive, and when it drops opens a new
 * one and joins again (the server keeps the person's place for a grace period).
 */
export class SignallingClient {
  private readonly options: SignallingOptions;
  private readonly timing: SignallingTiming;
  private readonly factory: SocketFactory;
  private socket: SocketLike | null = null;
  private generation = 0;
  private state: SignallingState = 'connecting';
  private attempts = 0;
  private isOpen = false;
  private finished = false;
  private lastHeard = 0;
  private pingTimer: Timer | null = null;
  private retryTimer: Timer | null = null;
  private openTimer: Timer | null = null;

  constructor(options: SignallingOptions) {
    this.options = options;
    this.timing = { ...defaultTiming, ...options.timing };
    this.factory = options.socketFactory ?? browserSocket;
  }

  /** Opens the first connection and sends `join`. */
  start(): void {
    this.connect();
  }

  /** Sends a message if the meeting is joined; returns false when it could not be sent. */
  send(message: ClientMessage): boolean {
    if (!this.socket || !this.isOpen || this.state !== 'joined') return false;

    this.socket.send(JSON.stringify(message));
    return true;
  }

  /** Tries at once instead of waiting out the backoff (the network came back). */
  retryNow(): void {
    if (this.state !== 'reconnecting' || this.socket) return;

    this.clearRetry();
    this.connect();
  }

  /** Closes for good, without telling the server anything more. */
  close(): void {
    this.finished = true;
    this.clearRetry();
    this.clearOpenTimer();
    this.stopPing();
    this.dropSocket();
    this.setState('closed', closeCodes.normal);
  }

  private connect(): void {
    const generation = ++this.generation;
    const current = (): boolean => generation === this.generation;

    this.socket = this.factory(this.options.url, {
      onOpen: () => {
        if (current()) this.onOpen();
      },
      onMessage: (data) => {
        if (current()) this.onData(data);
      },
      onClose: (code) => {
        if (current()) this.onClose(code);
      },
    });

    this.clearOpenTimer();
    this.openTimer = setTimeout(() => {
      this.openTimer = null;
      if (!current() || this.isOpen) return;
      this.dropSocket();
      this.onClose(ABNORMAL_CLOSE);
    }, this.timing.openTimeoutMs);
  }

  private onOpen(): void {
    this.clearOpenTimer();
    this.isOpen = true;
    this.lastHeard = Date.now();
    this.startPing();

    // `join` must be the first message; it is sent directly because `send` waits for `joined`.
    const join: ClientMessage = {
      type: 'join', meetingId: this.options.meetingId, muted: this.options.muted(),
    };
    this.socket?.send(JSON.stringify(join));
  }

  private onData(data: string): void {
    this.lastHeard = Date.now();

    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      console.warn('confab: ignored a signalling frame that is not JSON');
      return;
    }
    const parsed = serverMessageSchema.safeParse(json);
    if (!parsed.success) {
      console.warn('confab: ignored an unknown signalling message');
      return;
    }

    const message = parsed.data;
    if (message.type === 'joined') {
      this.attempts = 0;
      this.setState('joined');
    }
    if (message.type === 'left' || message.type === 'meeting.ended') this.finished = true;
    this.options.onMessage(message);
  }

  private onClose(code: number): void {
    this.clearOpenTimer();
    this.socket = null;
    this.isOpen = false;
    this.stopPing();

    if (this.finished || finalCloseCodes.has(code)) {
      this.finished = true;
      this.setState('closed', code);
      return;
    }
    this.setState('reconnecting');
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    const exponential = this.timing.backoffMinMs * 2 ** this.attempts;
    const ceiling = Math.min(this.timing.backoffMaxMs, exponential);
    // Jitter spreads the reconnects of a whole meeting after a server restart.
    const delay = ceiling * (0.5 + Math.random() * 0.5);
    this.attempts += 1;

    this.clearRetry();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  private startPing(): void {
    this.stopPing();
    this.pingTimer = setInterval(() => {
      if (Date.now() - this.lastHeard > this.timing.silenceMs) {
        // The socket looks open but nothing arrives: a silent network drop. Start over.
        this.dropSocket();
        this.onClose(ABNORMAL_CLOSE);
        return;
      }
      this.socket?.send(JSON.stringify({ type: 'ping' } satisfies ClientMessage));
    }, this.timing.pingMs);
  }

  private stopPing(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
  }

  private clearOpenTimer(): void {
    if (this.openTimer) clearTimeout(this.openTimer);
    this.openTimer = null;
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private dropSocket(): void {
    const socket = this.socket;
    this.generation += 1;
    this.socket = null;
    this.isOpen = false;
    socket?.close();
  }

  private setState(state: SignallingState, closeCode?: number): void {
    if (state === this.state && state !== 'closed') return;
    if (this.state === 'closed') return;

    this.state = state;
    this.options.onState(state, closeCode);
  }
}
