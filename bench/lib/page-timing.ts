// Runs in the page before any of its scripts, after the harness's recorder. Plain JavaScript text,
// for the reason given in test/e2e/harness/page-scripts.ts.

/**
 * Marks when the "Join" button is pressed and when the first audio packet of the meeting arrives:
 * Chromium unmutes a remote track when its first RTP packet is received.
 */
export const joinTimingScript = `(() => {
  const timing = { clickedAt: null, firstAudioAt: null };
  Object.defineProperty(window, '__confabBench', { value: timing });
  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button') : null;
    if (!button) return;
    const name = (button.getAttribute('aria-label') || button.textContent || '').trim();
    if (name !== 'Join') return;
    timing.clickedAt = performance.now();
    timing.firstAudioAt = null;
  }, true);

  const Base = window.RTCPeerConnection;
  class TimedPeerConnection extends Base {
    constructor(...args) {
      super(...args);
      this.addEventListener('track', (event) => {
        const mark = () => {
          if (timing.firstAudioAt === null) timing.firstAudioAt = performance.now();
        };
        if (!event.track.muted) mark();
        else event.track.addEventListener('unmute', mark, { once: true });
      });
    }
  }
  window.RTCPeerConnection = TimedPeerConnection;
})();`;

/** An expression that is true once the first audio packet after the last "Join" has arrived. */
export const firstAudioArrived =
  'window.__confabBench.clickedAt !== null && window.__confabBench.firstAudioAt !== null';

/** An expression giving the milliseconds from pressing "Join" to the first audio packet. */
export const joinToFirstAudioMs =
  'window.__confabBench.firstAudioAt - window.__confabBench.clickedAt';
