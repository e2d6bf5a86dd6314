import { EventEmitter } from 'node:events';
import Janode from 'janode';
import type { Connection, Session } from 'janode';
import AudioBridgePlugin from 'janode/plugins/audiobridge';
import type { AudioBridgeHandle } from 'janode/plugins/audiobridge';
import type { Logger } from '../log.js';
import { call } from './audiobridge-requests.js';
import { openJanus } from './janode-connect.js';
import type { JanusEndpoint } from './janode-connect.js';

/**
 * How often to try again while Janus is away. Loopback connects fail in microseconds, so polling
 * this fast costs nothing and brings audio back about as soon as Janus listens again.
 */
const RETRY_MS = 200;
const HANDSHAKE_TIMEOUT_MS = 2000;
/** janode's session keep-alive; Janus drops a session after 60 s without a request. */
const KEEPALIVE_SECS = 15;

export interface LinkEvents {
  /** Connected and set up; `again` is true when this follows a loss. */
  up: [again: boolean];
  /** The connection or the session went away. */
  down: [];
}

/** Everything that lives on one connection to Janus. */
export interface Live {
  connection: Connection;
  session: Session;
  /** The AudioBridge handle for room management. */
  control: AudioBridgeHandle;
  /** Counts connections: state tied to an older one is dead. */
  epoch: number;
}

/**
 * One connection and one session to Janus, kept up: when either drops, it says `down` and
 * reconnects in a loop; after each connect it runs `setup` (recreating rooms) before saying `up`.
 */
export class JanusLink extends EventEmitter<LinkEvents> {
  readonly #endpoint: () => JanusEndpoint | null;
  readonly #setup: (live: Live) => Promise<void>;
  readonly #log: Logger;
  #live: Live | null = null;
  #epoch = 0;
  #everUp = false;
  #running = false;
  #loop: Promise<void> | null = null;
  #wake: (() => void) | null = null;

  constructor(endpoint: () => JanusEndpoint | null, setup: (live: Live) => Promise<void>, log: Logger) {
    super();
    this.#endpoint = endpoint;
    this.#setup = setup;
    this.#log = log;
  }

  /** The current connection, or null while Janus is unreachable. */
  get live(): Live | null {
    return this.#live;
  }

  get everUp(): boolean {
    return this.#everUp;
  }

  /** Starts connecting; resolves after the first attempt, whether or not it worked. */
  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;

    if (await this.#attempt()) return;
    this.#log.warn('Janus is not reachable yet; retrying in the background');
    this.#reconnect();
  }

  /** Tries to connect right away instead of at the next poll (Janus just said it is ready). */
  poke(): void {
    this.#wake?.();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.poke();
    await this.#loop;

    const live = this.#live;
    this.#live = null;
    if (live) await closeQuietly(live.connection);
  }

  #reconnect(): void {
    if (this.#loop || !this.#running) return;
    this.#loop = (async () => {
      while (this.#running && !this.#live) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, RETRY_MS);
          this.#wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.#wake = null;
        if (this.#running) await this.#attempt();
      }
      this.#loop = null;
    })();
  }

  /** One connect, session and setup; true when the link is up afterwards. */
  async #attempt(): Promise<boolean> {
    const endpoint = this.#endpoint();
    if (!endpoint) return false;

    let connection: Connection | null = null;
    let current: Live | null = null;
    let dropped = false;
    const onDrop = (): void => {
      dropped = true;
      if (current) this.#onDrop(current);
    };

    try {
      connection = await openJanus(endpoint, HANDSHAKE_TIMEOUT_MS);
      // janode drops its listeners once a connection is gone, so listen from the first moment.
      connection.once(Janode.EVENT.CONNECTION_ERROR, onDrop);
      const session = await call(connection.create(KEEPALIVE_SECS), 'session create');
      session.once(Janode.EVENT.SESSION_DESTROYED, onDrop);
      const control = await call(session.attach(AudioBridgePlugin), 'attach');
      const live: Live = { connection, session, control, epoch: this.#epoch + 1 };

      await this.#setup(live);
      if (dropped) throw new Error('connection dropped during setup');
      if (!this.#running) throw new Error('stopped while connecting');

      current = live;
    } catch (err) {
      this.#log.debug({ err }, 'Janus connection attempt failed');
      if (connection) await closeQuietly(connection);
      return false;
    }

    this.#epoch = current.epoch;
    this.#live = current;
    const again = this.#everUp;
    this.#everUp = true;
    this.#log.info({ sessionId: current.session.id, epoch: current.epoch },
      again ? 'reconnected to Janus' : 'connected to Janus');
    this.emit('up', again);
    return true;
  }

  #onDrop(live: Live): void {
    if (this.#live !== live) return;
    this.#live = null;
    if (this.#running) this.#log.warn({ epoch: live.epoch }, 'lost the connection to Janus');

    // A session that Janus timed out leaves the WebSocket open; close it so nothing lingers.
    void closeQuietly(live.connection);
    this.emit('down');
    this.#reconnect();
  }
}

async function closeQuietly(connection: Connection): Promise<void> {
  await connection.close().catch(() => undefined);
}
