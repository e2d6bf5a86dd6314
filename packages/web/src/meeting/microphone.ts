import { audioProcessingEnabled } from './prefs.js';

/** Why there is no microphone track: refused, absent, unusable, or the page is not secure. */
export type MicProblem = 'denied' | 'missing' | 'busy' | 'insecure';

export type MicResult = { ok: true; track: MediaStreamTrack } | { ok: false; problem: MicProblem };

/** The getUserMedia audio constraints: all three processing steps on, or all off. */
export function audioConstraints(processing: boolean): MediaTrackConstraints {
  return {
    echoCancellation: processing,
    noiseSuppression: processing,
    autoGainControl: processing,
  };
}

/** Maps a getUserMedia failure to what the person is told. */
export function classifyMicError(error: unknown): MicProblem {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'missing';
    default:
      return 'busy';
  }
}

/** Asks the browser for the microphone (this may show the permission prompt). */
export async function openMicrophone(): Promise<MicResult> {
  // Without a secure context (https, localhost) browsers leave mediaDevices undefined.
  if (!window.isSecureContext || !navigator.mediaDevices?.getUserMedia) {
    return { ok: false, problem: 'insecure' };
  }

  try {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: audioConstraints(audioProcessingEnabled()),
      video: false,
    });
    const track = stream.getAudioTracks()[0];
    if (!track) return { ok: false, problem: 'missing' };
    return { ok: true, track };
  } catch (error) {
    return { ok: false, problem: classifyMicError(error) };
  }
}
