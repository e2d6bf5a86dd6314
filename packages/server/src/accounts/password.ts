import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { ScryptOptions } from 'node:crypto';

/**
 * scrypt cost parameters for new hashes. N=2^14, r=8 costs about 16 MiB and some 50 ms per hash:
 * slow enough to make offline guessing expensive, fast enough for a login.
 */
const COST = { N: 16384, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;

/** Hashes a password as `scrypt$N$r$p$salt$hash` (salt and hash base64), the parameters kept with it. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, KEY_BYTES, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** True when `password` matches `stored`; a malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;

  const key = await derive(password, parsed.salt, parsed.key.length, parsed.cost);
  return timingSafeEqual(key, parsed.key);
}

interface ParsedHash {
  cost: { N: number; r: number; p: number };
  salt: Buffer;
  key: Buffer;
}

function parseHash(stored: string): ParsedHash | null {
  const [scheme, n, r, p, salt, key, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || rest.length > 0 || !salt || !key) return null;

  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  if (![cost.N, cost.r, cost.p].every((v) => Number.isInteger(v) && v > 0)) return null;

  const keyBytes = Buffer.from(key, 'base64');
  if (keyBytes.length === 0) return null;
  return { cost, salt: Buffer.from(salt, 'base64'), key: keyBytes };
}

function derive(password: string, salt: Buffer, length: number, cost: ParsedHash['cost']): Promise<Buffer> {
  // NFC so that the same password typed on two keyboards (composed or decomposed accents) matches.
  const input = password.normalize('NFC');
  // scrypt needs 128·N·r bytes; leave headroom over Node's 32 MiB default for stronger stored costs.
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };

  return new Promise((resolvePromise, reject) => {
    scrypt(input, salt, length, options, (err, key) => (err ? reject(err) : resolvePromise(key)));
  });
}
