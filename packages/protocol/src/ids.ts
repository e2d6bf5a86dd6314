import { z } from 'zod';

/**
 * A meeting ID is 22 characters of base64url: 128 random bits, which is past guessing and fits a URL
 * without escaping.
 */
export const meetingIdSchema = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'not a meeting ID');

/** A call ID is what a phone caller types: exactly 9 digits, never starting with 0. */
export const callIdSchema = z.string().regex(/^[1-9][0-9]{8}$/, 'not a call ID');

/** Participant ids are opaque short strings chosen by the server. */
export const participantIdSchema = z.string().min(1).max(64);

/** What people type into "Join a meeting": a meeting ID, a call ID (spaces allowed), or a meeting URL. */
export function parseMeetingReference(input: string): { meetingId: string } | { callId: string } | null {
  const trimmed = input.trim();
  const fromUrl = /\/meet\/([A-Za-z0-9_-]{22})(?:[/?#]|$)/.exec(trimmed);
  if (fromUrl?.[1]) return { meetingId: fromUrl[1] };
  if (meetingIdSchema.safeParse(trimmed).success) return { meetingId: trimmed };

  const digits = trimmed.replace(/[\s.-]/g, '');
  if (callIdSchema.safeParse(digits).success) return { callId: digits };
  return null;
}
