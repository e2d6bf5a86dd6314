/** Settings the browser remembers between visits (localStorage), read defensively. */

const MIC_KEY = 'confab.micOn';
const PROCESSING_KEY = 'confab.audioProcessing';

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Storage can be refused (private windows, quotas); the setting then lasts for this page only.
  }
}

/** Whether the person wants to join with the microphone on; on unless they turned it off. */
export function loadMicOn(): boolean {
  return read(MIC_KEY) !== 'off';
}

/** Remembers the microphone choice made before joining. */
export function saveMicOn(on: boolean): void {
  write(MIC_KEY, on ? 'on' : 'off');
}

/**
 * Whether the browser's echo cancellation, noise suppression and gain control are on. Turning
 * them off (`'off'`) keeps a test tone at its level, which audio-level tests rely on.
 */
export function audioProcessingEnabled(): boolean {
  return read(PROCESSING_KEY) !== 'off';
}
