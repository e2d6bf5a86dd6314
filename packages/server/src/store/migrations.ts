import { sql } from 'kysely';
import type { Kysely, Migration, MigrationProvider } from 'kysely';

/**
 * Migrations live in code, not in files found at run time, so the compiled server carries them
 * and they run in a known order. Append only; never edit one that has shipped.
 */
const migrations: Record<string, Migration> = {
  '0001-accounts-meetings-chat': {
    async up(db: Kysely<unknown>) {
      await db.schema.createTable('users')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('meeting_right', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('phone_right', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema.createTable('sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

      await db.schema.createTable('meetings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('call_id', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('organiser_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('ended_at', 'text')
        .execute();
      // A call ID is unique among meetings that can still run; ended ones free theirs.
      await sql`create unique index meetings_live_call_id on meetings (call_id) where state <> 'ended'`
        .execute(db);

      await db.schema.createTable('chat_messages')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
        .addColumn('author_account_id', 'integer')
        .addColumn('author_name', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('chat_messages_meeting').on('chat_messages')
        .columns(['meeting_id', 'id']).execute();
    },
  },

  // Deleting an account keeps its row as a tombstone instead of removing it:
  // `meetings.organiser_id` references `users.id`, and the meetings an account organised, with
  // their chat, must stay readable with the organiser's display name. A tombstone has
  // `deleted_at` set, no rights, no usable password, and its username renamed out of the way.
  '0002-users-deleted-at': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('users').addColumn('deleted_at', 'text').execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
