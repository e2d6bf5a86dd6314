import { MAX_MEETING_TITLE, createMeetingRequestSchema } from '@confab/protocol';
import { translate } from './translate.js';
import type { Language } from './translate.js';

/**
 * Names that begin with a vowel sound in French, before which "de" is elided to "d’". A leading
 * h is nearly always silent in first names (Hélène, Henri), and y sounds as a vowel (Yves).
 */
const VOWEL_SOUND = /^[aeiouyhàâäéèêëîïôöûüùœæ]/iu;

/** Keeps the first code points of `text` that fit in `max` UTF-16 units, never half a pair. */
function clip(text: string, max: number): string {
  let clipped = '';
  for (const char of text) {
    if (clipped.length + char.length > max) break;
    clipped += char;
  }
  return clipped;
}

/**
 * The title "Meet now" gives a meeting, in the person's language ("Alice’s meeting", "Réunion
 * d’Alice"); undefined when none can be made, so the server chooses its own.
 */
export function defaultMeetingTitle(lang: Language, displayName: string): string | undefined {
  const name = displayName.trim();
  if (!name) return undefined;

  const key = VOWEL_SOUND.test(name) ? 'home.meetingTitleElided' : 'home.meetingTitle';
  let title = translate(lang, key, { name });

  // A display name near its own length limit would push the title past the meeting's: shorten
  // the name and mark the cut, rather than lose the whole title.
  if (title.length > MAX_MEETING_TITLE) {
    const overhead = title.length - name.length;
    title = translate(lang, key, { name: `${clip(name, MAX_MEETING_TITLE - overhead - 1)}…` });
  }

  const checked = createMeetingRequestSchema.safeParse({ title });
  return checked.success ? checked.data.title : undefined;
}
