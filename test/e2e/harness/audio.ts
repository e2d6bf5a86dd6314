import type { Page } from 'playwright-core';
import { z } from 'zod';
import { inboundAudioSnapshots } from './page-scripts.js';
import { eventually } from './wait.js';

/**
 * Received energy above this is a tone heard. A 0.5-amplitude sine through AudioBridge arrives at
 * about 0.26; a quiet voice is around 0.001–0.01, so 0.01 leaves no doubt about the test tone.
 */
export const HEARD = 0.01;

/** Received energy below this is silence; a sender muted by the server measures about 1e-9. */
export const SILENT = 1e-4;

/** What a page received over one measuring window. */
export interface ReceivedAudio {
  /** Δ totalAudioEnergy / Δ totalSamplesDuration: the mean square level of what was played. */
  energy: number;
  /** Seconds of received audio that were played during the window. */
  seconds: number;
  /** packetsReceived at the end of the window, and how many arrived during it. */
  packets: number;
  newPackets: number;
  /** The peer connection measured (index among those the page made) and its state. */
  peer: number;
  peerConnections: number;
  connectionState: string;
}

const snapshotSchema = z.object({
  peer: z.number(),
  statId: z.string(),
  packets: z.number(),
  energy: z.number(),
  duration: z.number(),
  state: z.string(),
  peers: z.number(),
});
const snapshotsSchema = z.object({ first: snapshotSchema, second: snapshotSchema });

/**
 * Measures the inbound audio of the page's newest peer connection that receives audio, over
 * `windowMs`. A window during which the measured connection changed counts as nothing received.
 */
export async function measureReceivedAudio(page: Page, windowMs = 1500): Promise<ReceivedAudio> {
  const { first, second } = snapshotsSchema.parse(await page.evaluate(inboundAudioSnapshots(windowMs)));

  const same = first.peer === second.peer && first.statId === second.statId && second.peer >= 0;
  const seconds = same ? second.duration - first.duration : 0;
  return {
    energy: seconds > 0 ? (second.energy - first.energy) / seconds : 0,
    seconds,
    packets: second.packets,
    newPackets: same ? second.packets - first.packets : 0,
    peer: second.peer,
    peerConnections: second.peers,
    connectionState: second.state,
  };
}

/** Waits until the page hears something above HEARD; returns that measurement. */
export async function waitUntilHearing(page: Page, timeoutMs = 15_000): Promise<ReceivedAudio> {
  return eventually(async () => {
    const audio = await measureReceivedAudio(page);
    if (audio.energy <= HEARD) throw new Error(`hears too little: ${describeAudio(audio)}`);
    return audio;
  }, { timeoutMs, intervalMs: 100 });
}

/**
 * Waits until the page plays silence below SILENT while packets still arrive, so a dead
 * connection does not pass for a muted speaker.
 */
export async function waitUntilSilent(page: Page, timeoutMs = 10_000): Promise<ReceivedAudio> {
  return eventually(async () => {
    const audio = await measureReceivedAudio(page);
    if (audio.newPackets === 0 || audio.seconds < 0.5) {
      throw new Error(`receives no audio at all: ${describeAudio(audio)}`);
    }
    if (audio.energy >= SILENT) throw new Error(`still hears something: ${describeAudio(audio)}`);
    return audio;
  }, { timeoutMs, intervalMs: 100 });
}

/** A one-line account of a measurement, for assertion messages. */
export function describeAudio(audio: ReceivedAudio): string {
  return `energy ${audio.energy.toExponential(2)} over ${audio.seconds.toFixed(2)} s, `
    + `${audio.newPackets} new packets (${audio.packets} total), `
    + `peer ${audio.peer + 1}/${audio.peerConnections} ${audio.connectionState}`;
}
