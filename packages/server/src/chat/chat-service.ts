import type { ChatMessage } from '@confab/protocol';
import { nowIso } from '../store/db.js';
import type { MeetingsRepo } from '../store/meetings-repo.js';
import type { ChatMessageRow } from '../store/schema.js';

/** How many messages a joiner gets as history. */
const HISTORY_LIMIT = 200;

/** A meeting's public chat: stored first, so a late joiner or a restart loses nothing. */
export class ChatService {
  constructor(private readonly repo: MeetingsRepo) {}

  /** Stores a message; the caller sends it to the meeting. */
  async post(meetingId: string, author: { accountId: number | null; name: string }, text: string):
    Promise<ChatMessage> {
    const row = await this.repo.addChat({
      meeting_id: meetingId,
      author_account_id: author.accountId,
      author_name: author.name,
      text,
      sent_at: nowIso(),
    });
    return toMessage(row);
  }

  /** The latest messages of a meeting, oldest first. */
  async history(meetingId: string): Promise<ChatMessage[]> {
    return (await this.repo.chatHistory(meetingId, HISTORY_LIMIT)).map(toMessage);
  }
}

function toMessage(row: ChatMessageRow): ChatMessage {
  return {
    id: row.id,
    meetingId: row.meeting_id,
    authorAccountId: row.author_account_id,
    authorName: row.author_name,
    text: row.text,
    sentAt: row.sent_at,
  };
}
