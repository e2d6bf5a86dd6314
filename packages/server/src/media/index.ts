import type { Logger } from '../log.js';
import { JanusAudio } from './audiobridge.js';
import { JanusSupervisor } from './janus-process.js';
import type { MediaOptions } from './options.js';
import type { MediaServerState } from './types.js';

export type { MediaOptions } from './options.js';
export type { AudioMedia, AudioEvents, LegId, MediaServerState, RoomId } from './types.js';
export { JanusAudio } from './audiobridge.js';
export { JanusSupervisor } from './janus-process.js';

export interface MediaHealth {
  state: MediaServerState;
  /** Confab holds a working session with Janus. */
  connected: boolean;
  restarts: number;
  pid: number | null;
}

export interface Media {
  /** The `AudioMedia` for the rest of Confab, with a few inspection calls besides. */
  audio: JanusAudio;
  supervisor: JanusSupervisor;
  health(): MediaHealth;
  /**
   * Starts Janus (unless it is external) and connects to it. Rejects with `media-unavailable`
   * when Janus does not come up in time; both keep retrying in the background even then.
   */
  start(): Promise<void>;
  /** Disconnects and stops Janus; no Janus process is left behind. */
  stop(): Promise<void>;
}

/** Builds the media layer: the Janus supervisor and the AudioBridge adapter that talks to it. */
export function createMedia(options: MediaOptions, logger: Logger): Media {
  const supervisor = new JanusSupervisor(options, logger);
  const audio = new JanusAudio({
    endpoint: () => supervisor.endpoint,
    serverState: () => supervisor.state,
    log: logger,
  });

  // The adapter polls for Janus anyway; this only saves the wait until its next poll.
  supervisor.on('ready', () => audio.poke());

  return {
    audio,
    supervisor,
    health: () => ({
      state: audio.state,
      connected: audio.connected,
      restarts: supervisor.restarts,
      pid: supervisor.pid,
    }),
    async start() {
      try {
        await supervisor.start();
      } finally {
        await audio.start();
      }
    },
    async stop() {
      await audio.stop();
      await supervisor.stop();
    },
  };
}
