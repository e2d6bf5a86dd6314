/**
 * Which characters free text from people may hold. Control characters forge extra lines in lists,
 * logs and terminals; bidirectional embeddings, overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069) make text display in another order than it is stored, so a title or a name could
 * pass for something else ("Trojan Source", CVE-2021-42574). Marks such as U+200F stay allowed:
 * right-to-left writing needs them and they reorder nothing on their own.
 */
const CONTROL = /\p{Cc}/u;
const BIDI_EMBEDDING = /[\u202A-\u202E\u2066-\u2069]/u;

/** Any control character but tab and line feed, the two a chat message keeps. */
const CONTROL_BUT_TAB_LF = /(?![\t\n])\p{Cc}/u;

/** Any control character but tab, CR and LF, the ones SDP's line structure uses (RFC 8866 §5). */
const CONTROL_BUT_TAB_CR_LF = /(?![\t\n\r])\p{Cc}/u;

/** True for one line of plain text: no control character and no bidi embedding, override or isolate. */
export function isPrintableLine(text: string): boolean {
  return !CONTROL.test(text) && !BIDI_EMBEDDING.test(text);
}

/** True when a chat message holds no control character other than line feed and tab. */
export function isChatText(text: string): boolean {
  return !CONTROL_BUT_TAB_LF.test(text);
}

/** True when an SDP holds no control character other than CR, LF and tab. */
export function isSdpText(text: string): boolean {
  return !CONTROL_BUT_TAB_CR_LF.test(text);
}

/** True when the text holds no control character at all (one SDP attribute, an identifier). */
export function hasNoControls(text: string): boolean {
  return !CONTROL.test(text);
}
