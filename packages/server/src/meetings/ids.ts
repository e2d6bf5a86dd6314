import { randomBytes, randomInt } from 'node:crypto';

/** A new meeting ID: 128 random bits as 22 base64url characters (see `meetingIdSchema`). */
export function newMeetingId(): string {
  return randomBytes(16).toString('base64url');
}

/** A new call ID: 9 digits, first one not zero, uniform over the 900 million candidates. */
export function newCallId(): string {
  return String(randomInt(100_000_000, 1_000_000_000));
}

/** A participant id: short, opaque, unique within the server's lifetime for practical purposes. */
export function newParticipantId(): string {
  return randomBytes(9).toString('base64url');
}
