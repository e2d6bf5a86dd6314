import type { MeetingInfo } from '@confab/protocol';

/**
 * A join decided on another page ("Meet now", "Join a meeting"): the meeting page takes it once and
 * joins at once instead of showing its pre-join screen. It lives in memory only, so reloading the
 * meeting's address shows the pre-join screen again.
 */
let pending: { meeting: MeetingInfo } | null = null;

/** Asks the meeting page to join this meeting as soon as it opens. */
export function requestJoin(meeting: MeetingInfo): void {
  pending = { meeting };
}

/** The pending join for this meeting, if any; it is consumed. */
export function takePendingJoin(meetingId: string): MeetingInfo | null {
  const taken = pending?.meeting.id === meetingId ? pending.meeting : null;
  pending = null;
  return taken;
}
