import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Tables as Kysely sees them. Times are ISO-8601 UTC strings; booleans are 0/1 (SQLite has neither). */
export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  meetings: MeetingsTable;
  chat_messages: ChatMessagesTable;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  /** `scrypt$N$r$p$salt$hash`, salt and hash in base64. */
  password_hash: string;
  is_admin: number;
  meeting_right: number;
  phone_right: number;
  created_at: string;
  /** Set when the account was deleted; the row stays so its meetings keep their organiser. */
  deleted_at: string | null;
}

export interface SessionsTable {
  /** SHA-256 of the cookie's token, hex: a leaked database does not leak live sessions. */
  token_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface MeetingsTable {
  id: string;
  call_id: string;
  title: string;
  organiser_id: number;
  state: 'running' | 'ended';
  created_at: string;
  ended_at: string | null;
}

export interface ChatMessagesTable {
  id: Generated<number>;
  meeting_id: string;
  author_account_id: number | null;
  author_name: string;
  text: string;
  sent_at: string;
}

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type MeetingRow = Selectable<MeetingsTable>;
export type ChatMessageRow = Selectable<ChatMessagesTable>;
