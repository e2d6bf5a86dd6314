import type { Db } from './db.js';
import { nowIso } from './db.js';
import type { ChatMessageRow, MeetingRow } from './schema.js';

/** Thrown when a new meeting's call ID is taken by another meeting that can still run. */
export class CallIdTakenError extends Error {}

/** Meetings and their chat, as stored. */
export class MeetingsRepo {
  constructor(private readonly db: Db) {}

  /** Inserts a running meeting; throws `CallIdTakenError` on a live call-ID clash. */
  async insert(row: Omit<MeetingRow, 'state' | 'ended_at'>): Promise<MeetingRow> {
    const full: MeetingRow = { ...row, state: 'running', ended_at: null };
    try {
      await this.db.insertInto('meetings').values(full).execute();
    } catch (err) {
      if (isUniqueViolation(err, 'call_id')) throw new CallIdTakenError(row.call_id);
      throw err;
    }
    return full;
  }

  async byId(id: string): Promise<MeetingRow | undefined> {
    return this.db.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The meeting that can still run with this call ID, if any; ended meetings give theirs up. */
  async liveByCallId(callId: string): Promise<MeetingRow | undefined> {
    return this.db.selectFrom('meetings').selectAll()
      .where('call_id', '=', callId).where('state', '<>', 'ended')
      .executeTakeFirst();
  }

  /** The most recent ended meeting with this call ID, so a caller can be told it ended. */
  async endedByCallId(callId: string): Promise<MeetingRow | undefined> {
    return this.db.selectFrom('meetings').selectAll()
      .where('call_id', '=', callId).where('state', '=', 'ended')
      .orderBy('ended_at', 'desc').executeTakeFirst();
  }

  async running(): Promise<MeetingRow[]> {
    return this.db.selectFrom('meetings').selectAll().where('state', '=', 'running').execute();
  }

  async countRunning(): Promise<number> {
    const row = await this.db.selectFrom('meetings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('state', '=', 'running').executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async markEnded(id: string, at: string = nowIso()): Promise<void> {
    await this.db.updateTable('meetings').set({ state: 'ended', ended_at: at })
      .where('id', '=', id).where('state', '<>', 'ended').execute();
  }

  async organiserName(userId: number): Promise<string | undefined> {
    const row = await this.db.selectFrom('users').select('display_name')
      .where('id', '=', userId).executeTakeFirst();
    return row?.display_name;
  }

  async addChat(row: Omit<ChatMessageRow, 'id'>): Promise<ChatMessageRow> {
    const inserted = await this.db.insertInto('chat_messages').values(row)
      .returning('id').executeTakeFirstOrThrow();
    return { ...row, id: inserted.id };
  }

  /** The meeting's public chat, oldest first, at most `limit` of the latest messages. */
  async chatHistory(meetingId: string, limit: number): Promise<ChatMessageRow[]> {
    const rows = await this.db.selectFrom('chat_messages').selectAll()
      .where('meeting_id', '=', meetingId).orderBy('id', 'desc').limit(limit).execute();
    return rows.reverse();
  }
}

function isUniqueViolation(err: unknown, column: string): boolean {
  if (!(err instanceof Error) || !('code' in err)) return false;
  return err.code === 'SQLITE_CONSTRAINT_UNIQUE' && err.message.includes(column);
}
