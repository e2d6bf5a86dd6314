// Types for the parts of janode 1.8 that Confab uses (janode ships none). Whatever janode hands
// back from Janus is typed `unknown`: the adapter parses it with zod rather than trusting a shape.

declare module 'janode' {
  import type { EventEmitter } from 'node:events';

  export interface ServerAddress {
    url: string;
    apisecret?: string;
  }

  export interface ConnectConfig {
    address: ServerAddress | ServerAddress[];
    /** Seconds between connection attempts inside one `connect` call. */
    retry_time_secs?: number;
    /** Further attempts after the first one fails; 0 makes `connect` fail at once. */
    max_retries?: number;
    is_admin?: boolean;
    ws_options?: { handshakeTimeout?: number };
  }

  export interface Jsep {
    type: 'offer' | 'answer';
    sdp: string;
  }

  /** A candidate as Janus's `trickle` request takes it. */
  export interface TrickleCandidate {
    candidate: string;
    sdpMid?: string;
    sdpMLineIndex?: number;
  }

  export interface JanodeEvents {
    CONNECTION_CLOSED: 'connection_closed';
    CONNECTION_ERROR: 'connection_error';
    SESSION_DESTROYED: 'session_destroyed';
    HANDLE_DETACHED: 'handle_detached';
    HANDLE_ICE_FAILED: 'handle_ice_failed';
    HANDLE_HANGUP: 'handle_hangup';
    HANDLE_WEBRTCUP: 'handle_webrtcup';
    HANDLE_MEDIA: 'handle_media';
    HANDLE_SLOWLINK: 'handle_slowlink';
    HANDLE_TRICKLE: 'handle_trickle';
  }

  /** One WebSocket to Janus. Emits `connection_error` when it drops without `close()`. */
  export interface Connection extends EventEmitter {
    readonly id: number;
    /** Creates a Janus session that janode keeps alive every `kaIntervalSecs` seconds. */
    create(kaIntervalSecs?: number): Promise<Session>;
    /** Janus's `info` request; resolves with the server_info message. */
    getInfo(): Promise<unknown>;
    close(): Promise<void>;
  }

  /** A Janus session. Emits `session_destroyed`, also when its connection goes. */
  export interface Session extends EventEmitter {
    readonly id: number;
    attach<H extends Handle>(plugin: PluginDescriptor<H>): Promise<H>;
    destroy(): Promise<void>;
  }

  /** A plugin handle. Emits the `handle_*` events, then `handle_detached` when it goes. */
  export interface Handle extends EventEmitter {
    readonly id: number;
    /**
     * Sends a plugin request; resolves with Janus's full reply (synchronous `success` or the
     * asynchronous `event` carrying `plugindata` and maybe `jsep`), rejects with `CODE reason`
     * when the plugin answers with an error.
     */
    message(body: Record<string, unknown>, jsep?: Jsep): Promise<unknown>;
    trickle(candidate: TrickleCandidate | null): Promise<unknown>;
    /** Never rejects: janode logs a failed detach and leaves the handle attached. */
    detach(): Promise<void>;
  }

  export interface PluginDescriptor<H extends Handle> {
    id: string;
    Handle: new (session: Session, id: number) => H;
  }

  export interface JanodeLogger {
    setLevel(level: 'debug' | 'verb' | 'info' | 'warn' | 'error' | 'none'): string;
  }

  const Janode: {
    connect(config: ConnectConfig): Promise<Connection>;
    Logger: JanodeLogger;
    EVENT: JanodeEvents;
  };
  export default Janode;
}

declare module 'janode/plugins/audiobridge' {
  import type { Handle, PluginDescriptor } from 'janode';

  export interface AudioBridgeHandle extends Handle {
    /** This handle's AudioBridge participant id once it has joined, else null. */
    feed: number | string | null;
  }

  export interface AudioBridgeEvents {
    /** This handle's own participant started or stopped talking. Data: `{ room, feed, talking }`. */
    AUDIOBRIDGE_TALKING: 'audiobridge_talking';
    /** Another participant of the room started or stopped talking. Same data. */
    AUDIOBRIDGE_PEER_TALKING: 'audiobridge_peer_talking';
    /** This handle's participant was removed from the room by someone else. */
    AUDIOBRIDGE_KICKED: 'audiobridge_kicked';
    /** The room was destroyed while this handle was in it. */
    AUDIOBRIDGE_DESTROYED: 'audiobridge_destroyed';
  }

  const AudioBridgePlugin: PluginDescriptor<AudioBridgeHandle> & { EVENT: AudioBridgeEvents };
  export default AudioBridgePlugin;
}
