import { isIPv6 } from 'node:net';
import { ConfabError } from '@confab/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** A limiter made by `@fastify/rate-limit`'s `createRateLimit`. */
export type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

/** What a limiter answered for one request. */
export type LimitState = Awaited<ReturnType<Limiter>>;

/**
 * Refuses the request with `too-many-attempts` (429, with Retry-After) when `state` says its key is
 * over the limit. `full` also refuses a key that has used up its allowance exactly, for limits that
 * are only peeked at before the request and counted after it.
 */
export function refuseOverLimit(
  state: LimitState, request: FastifyRequest, reply: FastifyReply, opts: { limit: string; full?: boolean },
): void {
  if (state.isAllowed) return;
  const over = state.isExceeded || (opts.full === true && state.remaining === 0);
  if (!over) return;

  request.log.warn({ limit: opts.limit }, 'rate limit reached');
  reply.header('retry-after', String(Math.max(1, state.ttlInSeconds)));
  throw new ConfabError('too-many-attempts');
}

/**
 * The client address as limits count it. An IPv6 client usually holds a whole /64 and can pick any
 * address in it, so those count by their /64 (as `@fastify/rate-limit`'s own key does); IPv4 and
 * IPv4-mapped addresses count as themselves.
 */
export function addressKey(ip: string): string {
  if (!isIPv6(ip)) return ip;

  const bare = ip.split('%')[0] ?? ip;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped?.[1]) return mapped[1];

  // An embedded IPv4 tail (::1.2.3.4) stands for two groups; only the first four groups count.
  const groups = (part: string): string[] => (part === '' ? [] : part.split(':'))
    .flatMap((group) => (group.includes('.') ? ['0', '0'] : [group]));
  const [head = '', tail] = bare.split('::');
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const full = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${full.slice(0, 4).map((group) => parseInt(group, 16).toString(16)).join(':')}::/64`;
}
