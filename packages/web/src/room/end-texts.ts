import type { MessageKey } from '../i18n/index.js';
import { hasOthers } from '../meeting/roster.js';
import type { MeetingSnapshot } from '../meeting/session.js';

/** The heading and the explanation of the end screen; no explanation when none is known. */
export function endTexts(
  snapshot: MeetingSnapshot,
): { title: MessageKey; body: MessageKey | null } {
  switch (snapshot.phase) {
    case 'ended':
      if (!snapshot.endReason) return { title: 'end.ended', body: null };
      return {
        title: 'end.ended',
        body: snapshot.endReason === 'empty' ? 'end.endedEmpty' : 'end.endedByOrganiser',
      };
    case 'replaced':
      return { title: 'end.replaced', body: 'end.replacedBody' };
    default:
      // The roster is the one seen when this person left (the session stops following it then).
      if (snapshot.selfId === null) return { title: 'end.left', body: null };
      return {
        title: 'end.left',
        body: hasOthers(snapshot.participants, snapshot.selfId) ? 'end.leftBody' : 'end.leftAlone',
      };
  }
}
