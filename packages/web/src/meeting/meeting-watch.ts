import type { MeetingInfo } from '@confab/protocol';

/** How often the pre-join screen asks whether its meeting is still running. */
export const MEETING_REFRESH_MS = 10_000;

export interface MeetingWatchOptions {
  /** Fetches the meeting's current state (`GET /api/meetings/:id`). */
  fetchMeeting: () => Promise<MeetingInfo>;
  /** Receives every state fetched; the watch stops by itself once the meeting has ended. */
  onMeeting: (meeting: MeetingInfo) => void;
  /**
   * Where `focus` and `visibilitychange` arrive: the window, in the browser (the document's
   * `visibilitychange` bubbles up to it).
   */
  events: EventTarget;
  /** Whether the page is shown; a hidden tab is not refreshed until it comes back. */
  isVisible: () => boolean;
  intervalMs?: number;
}

/**
 * Keeps a meeting's state fresh while a person looks at it without being in it (the pre-join
 * screen): every `intervalMs` and whenever the page comes back into view. Returns the stop
 * function.
 */
export function watchMeeting(options: MeetingWatchOptions): () => void {
  const { fetchMeeting, onMeeting, events, isVisible } = options;
  let stopped = false;
  let inFlight = false;

  const refresh = (): void => {
    // One request at a time: a slow server must not pile up the ticks and focus events.
    if (stopped || inFlight || !isVisible()) return;

    inFlight = true;
    fetchMeeting().then(
      (meeting) => {
        inFlight = false;
        if (stopped) return;
        onMeeting(meeting);
        if (meeting.state === 'ended') stop();
      },
      () => {
        // A failed refresh keeps what the screen knew; pressing Join reports any real problem.
        inFlight = false;
      },
    );
  };

  const timer = setInterval(refresh, options.intervalMs ?? MEETING_REFRESH_MS);
  events.addEventListener('focus', refresh);
  events.addEventListener('visibilitychange', refresh);

  function stop(): void {
    stopped = true;
    clearInterval(timer);
    events.removeEventListener('focus', refresh);
    events.removeEventListener('visibilitychange', refresh);
  }

  return stop;
}
