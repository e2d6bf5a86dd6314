/**
 * Which characters free text from people may hold. Control characters forge extra lines in lists,
 * logs and terminals; bidirectional embeddings, overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069) make text display in another order than it is stored, so a title or a name could
 * pass for something else ("Trojan Source", CVE-2021-42574). Marks such as U+200F stay allowed:
 * right-to-left writing needs them and they reorder nothing on their own.
 */
const CONTROL = /\p{Cc}/u;
const BIDI_EMBEDDING = /[\u202A-\u202E\u2066-\u2069]/u;

/** U+2028 and U+2029 break a line as surely as LF does. */
const LINE_BREAK = /[\p{Zl}\p{Zp}]/u;

/** What shows nothing: spaces, format characters (zero-width space, marks), controls. */
const INVISIBLE = /[\p{Z}\p{Cf}\p{Cc}\s]/gu;

/** True when something would show: text made only of zero-width characters names nobody. */
function hasVisible(text: string): boolean {
  return text.replace(INVISIBLE, '').length > 0;
}

/** Any control character but tab and line feed, the two a chat message keeps. */
const CONTROL_BUT_TAB_LF = /(?![\t\n])\p{Cc}/u;

/** Any control character but tab, CR and LF, the ones SDP's line structure uses (RFC 8866 §5). */
const CONTROL_BUT_TAB_CR_LF = /(?![\t\n\r])\p{Cc}/u;

/**
 * True for one line of plain text: no control character, no line or paragraph separator, no bidi
 * embedding, override or isolate, and, unless empty, something visible.
 */
export function isPrintableLine(text: string): boolean {
  return !CONTROL.test(text) && !LINE_BREAK.test(text) && !BIDI_EMBEDDING.test(text)
    && (text === '' || hasVisible(text));
}

/**
 * True for a chat message: lines and tabs are fine, other control characters and bidi overrides
 * are not (a message could show its words in another order than it was written), and something
 * must be visible.
 */
export function isChatText(text: string): boolean {
  return !CONTROL_BUT_TAB_LF.test(text) && !BIDI_EMBEDDING.test(text) && hasVisible(text);
}

/** True when an SDP holds no control character other than CR, LF and tab. */
export function isSdpText(text: string): boolean {
  return !CONTROL_BUT_TAB_CR_LF.test(text);
}

/** True when the text holds no control character at all (one SDP attribute, an identifier). */
export function hasNoControls(text: string): boolean {
  return !CONTROL.test(text);
}
