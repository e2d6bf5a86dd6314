import { createHash, randomBytes } from 'node:crypto';

/** A new session token: 32 random bytes, base64url, safe in a cookie as is. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The SHA-256 of a token, hex: what the sessions table stores instead of the token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
