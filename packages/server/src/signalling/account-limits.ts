import type { ClientMessage } from '@confab/protocol';
import { TokenBucket } from './rate-limit.js';

type MessageType = ClientMessage['type'];

/**
 * Per-account rates, per second with a burst: far above what a person or a browser sends (a few
 * chat lines a second, a burst of ICE candidates per offer), far below what floods a meeting.
 */
const RATES: Record<MessageType, [perSecond: number, burst: number]> = {
  join: [1, 5],
  'media.offer': [2, 5],
  'media.candidate': [50, 100],
  mute: [5, 10],
  'chat.send': [5, 10],
  leave: [1, 3],
  'meeting.end': [1, 3],
  ping: [4, 10],
};

/** Open WebSockets one account may hold: a few tabs and devices, not a flood. */
export const MAX_SOCKETS_PER_ACCOUNT = 8;

interface AccountState {
  sockets: number;
  readonly buckets: Map<MessageType, TokenBucket>;
}

/**
 * Rates and socket counts kept per account, not per connection, so that opening a new socket does
 * not refill the buckets. The state of an account stays for the server's lifetime: accounts are
 * made by an administrator, so their number is bounded.
 *
 * LIMITATION: the counts live in this process's memory, so with several Confab nodes an account
 * gets each node's allowance, and a restart refills them.
 */
export class AccountLimits {
  readonly #accounts = new Map<number, AccountState>();

  /** Counts a new socket of the account; false (and nothing counted) when it holds too many. */
  open(accountId: number): boolean {
    const state = this.#state(accountId);
    if (state.sockets >= MAX_SOCKETS_PER_ACCOUNT) return false;
    state.sockets++;
    return true;
  }

  closed(accountId: number): void {
    const state = this.#state(accountId);
    state.sockets = Math.max(0, state.sockets - 1);
  }

  /** Takes one message of `type` from the account's allowance; false when it is used up. */
  take(accountId: number, type: MessageType): boolean {
    const { buckets } = this.#state(accountId);
    let bucket = buckets.get(type);
    if (!bucket) {
      const [perSecond, burst] = RATES[type];
      bucket = new TokenBucket(perSecond, burst);
      buckets.set(type, bucket);
    }
    return bucket.take();
  }

  #state(accountId: number): AccountState {
    let state = this.#accounts.get(accountId);
    if (!state) {
      state = { sockets: 0, buckets: new Map() };
      this.#accounts.set(accountId, state);
    }
    return state;
  }
}
