import type { LegKind, MediaState, Participant, Role } from '@confab/protocol';

/** One person in a meeting, as the server keeps them. Keyed by account, so a reconnect finds it. */
export interface RosterEntry {
  readonly id: string;
  readonly accountId: number | null;
  readonly displayName: string;
  readonly kind: LegKind;
  role: Role;
  muted: boolean;
  speaking: boolean;
  media: MediaState;
  away: boolean;
  readonly joinedAt: string;
}

/**
 * Who is in one meeting. Pure bookkeeping: no I/O, no timers, so the rules (one entry per account,
 * the capacity limit, role lookup) are tested on their own.
 */
export class Roster {
  readonly #entries = new Map<string, RosterEntry>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.#entries.size;
  }

  get isFull(): boolean {
    return this.#entries.size >= this.capacity;
  }

  /** Everyone, in the order they joined. */
  list(): RosterEntry[] {
    return [...this.#entries.values()];
  }

  get(participantId: string): RosterEntry | undefined {
    return this.#entries.get(participantId);
  }

  byAccount(accountId: number): RosterEntry | undefined {
    for (const entry of this.#entries.values()) {
      if (entry.accountId === accountId) return entry;
    }
    return undefined;
  }

  /** Adds an entry; the caller checks `isFull` and account uniqueness first and this enforces both. */
  add(entry: RosterEntry): void {
    if (this.isFull) throw new Error('roster is full');
    if (entry.accountId !== null && this.byAccount(entry.accountId)) {
      throw new Error(`account ${entry.accountId} is already in the roster`);
    }
    this.#entries.set(entry.id, entry);
  }

  remove(participantId: string): RosterEntry | undefined {
    const entry = this.#entries.get(participantId);
    this.#entries.delete(participantId);
    return entry;
  }

  /** How many people are present, not counting those whose connection dropped. */
  presentCount(): number {
    let present = 0;
    for (const entry of this.#entries.values()) if (!entry.away) present++;
    return present;
  }
}

/** The wire form of an entry. */
export function toParticipant(entry: RosterEntry): Participant {
  return {
    id: entry.id,
    accountId: entry.accountId,
    displayName: entry.displayName,
    role: entry.role,
    kind: entry.kind,
    muted: entry.muted,
    speaking: entry.speaking,
    media: entry.media,
    away: entry.away,
    joinedAt: entry.joinedAt,
  };
}
