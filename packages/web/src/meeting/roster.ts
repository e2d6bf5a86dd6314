import type { ChatMessage, Participant } from '@confab/protocol';

/** The participant list in display order: oneself first, then by arrival. */
export function sortParticipants(list: readonly Participant[], selfId: string | null): Participant[] {
  return [...list].sort((a, b) => {
    if (a.id === selfId) return -1;
    if (b.id === selfId) return 1;
    return a.joinedAt.localeCompare(b.joinedAt) || a.id.localeCompare(b.id);
  });
}

/** Adds a participant or replaces the entry with the same id. */
export function upsertParticipant(
  list: readonly Participant[], participant: Participant, selfId: string | null,
): Participant[] {
  const others = list.filter((p) => p.id !== participant.id);
  return sortParticipants([...others, participant], selfId);
}

/** Removes a participant by id. */
export function removeParticipant(list: readonly Participant[], id: string): Participant[] {
  return list.filter((p) => p.id !== id);
}

/** Appends a chat message once, keeping the history in the order the server numbered it. */
export function appendChat(history: readonly ChatMessage[], message: ChatMessage): ChatMessage[] {
  if (history.some((m) => m.id === message.id)) return [...history];

  const last = history.at(-1);
  if (!last || last.id < message.id) return [...history, message];
  return [...history, message].sort((a, b) => a.id - b.id);
}

/** Initials for an avatar: first letters of the first two words. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.slice(0, 2).map((w) => Array.from(w)[0] ?? '');
  return letters.join('').toUpperCase() || '?';
}

/** Whether anyone but oneself is on the list (browser or phone, connected or away). */
export function hasOthers(list: readonly Participant[], selfId: string | null): boolean {
  return list.some((p) => p.id !== selfId);
}

/**
 * A stable colour per display name, so a person keeps the same avatar colour on every screen:
 * the account menu, the meeting's tiles, every browser. White initials stay readable on it.
 */
export function avatarColour(name: string): string {
  let hash = 0;
  for (const char of name.trim()) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 360;
  return `hsl(${hash} 45% 42%)`;
}
