/**
 * The parts of the server configuration the media layer reads. Kept apart from the config module
 * so the media layer can be started (and tested) on its own.
 */
export interface MediaOptions {
  /** Confab's data folder; Janus's generated configuration goes in `DATA_DIR/janus/`. */
  dataDir: string;
  /**
   * The address browsers and phones send media to. Janus offers ICE candidates and binds plain
   * RTP on this address only; unset, Janus picks among the machine's interfaces.
   */
  mediaIp?: string | null;
  janus: {
    /** The Janus executable, `/usr/bin/janus` on Debian. */
    binary: string;
    /** The loopback port of Janus's WebSocket API when Confab runs Janus itself. */
    wsPort: number;
    /** A Janus that someone else runs (`ws://…`); when set, Confab spawns nothing. */
    url?: string | null;
    /** The API secret of that external Janus, if it has one. */
    apiSecret?: string | null;
    /** UDP ports for media: WebRTC legs and plain-RTP (phone) participants share this range. */
    rtpPorts: { min: number; max: number };
    /** Where Debian installs Janus's plugins and transports; overridable for other layouts. */
    pluginsFolder?: string;
    transportsFolder?: string;
  };
}
