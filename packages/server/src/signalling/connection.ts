import { ConfabError, assertNever, clientMessageSchema, closeCodes } from '@confab/protocol';
import type { ClientMessage, ServerMessage, User } from '@confab/protocol';
import type { WebSocket } from 'ws';
import type { Logger } from '../log.js';
import type { ParticipantLink } from '../meetings/live-meeting.js';
import type { MeetingsService } from '../meetings/service.js';
import type { ParticipantSession } from '../meetings/session.js';
import { closeFirmly } from './close.js';
import type { AccountLimits } from './account-limits.js';

/** After this many malformed messages the connection is closed: a correct client sends none. */
const MAX_BAD_MESSAGES = 20;

/** After this many messages dropped for coming too fast, the connection is closed. */
const MAX_DROPPED_MESSAGES = 50;


/**
 * One browser's WebSocket: parses what arrives, hands it to the participant's session in order,
 * and turns failures into `error` messages with a stable code.
 */
export class Connection implements ParticipantLink {
  #session: ParticipantSession | null = null;
  #badMessages = 0;
  #droppedMessages = 0;
  /** Messages are handled one after another, so an offer is answered before its candidates pass. */
  #queue: Promise<void> = Promise.resolve();
  #log: Logger;

  constructor(
    private readonly socket: WebSocket,
    private readonly user: User,
    private readonly meetings: MeetingsService,
    private readonly limits: AccountLimits,
    log: Logger,
  ) {
    this.#log = log.child({ accountId: user.id });
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? null : data.toString();
      this.#queue = this.#queue.then(() => this.#receive(text));
    });
    socket.on('close', () => {
      this.#queue = this.#queue.then(() => this.#session?.disconnected());
    });
  }

  send(message: ServerMessage): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }

  close(code: number, reason: string): void {
    closeFirmly(this.socket, code, reason);
  }

  async #receive(text: string | null): Promise<void> {
    const message = this.#parse(text);
    if (!message || !this.#withinRate(message.type)) return;

    try {
      await this.#dispatch(message);
    } catch (err) {
      const error = err instanceof ConfabError ? err : new ConfabError('internal');
      if (!(err instanceof ConfabError)) this.#log.error({ err, type: message.type }, 'message failed');
      else this.#log.debug({ code: error.code, type: message.type }, 'message refused');

      this.send({ type: 'error', code: error.code, message: error.message, inReplyTo: message.type });
      // A refused first join ends the connection; a second join on a joined one changes nothing.
      if (message.type === 'join' && !this.#session) this.close(closeCodes.refused, error.code);
    }
  }

  #withinRate(type: ClientMessage['type']): boolean {
    if (this.limits.take(this.user.id, type)) return true;

    this.#droppedMessages++;
    this.send({ type: 'error', code: 'slow-down', message: 'You are sending messages too fast.', inReplyTo: type });
    if (this.#droppedMessages === MAX_DROPPED_MESSAGES) {
      this.#log.warn({ type }, 'connection closed for flooding');
      this.close(closeCodes.protocol, 'too many messages');
    }
    return false;
  }

  #parse(text: string | null): ClientMessage | null {
    let problem = 'not a JSON text message';
    if (text !== null) {
      try {
        const parsed = clientMessageSchema.safeParse(JSON.parse(text));
        if (parsed.success) return parsed.data;

        const issue = parsed.error.issues[0];
        const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
        problem = `${issue?.message ?? 'invalid'}${where}`;
      } catch {
        // Not JSON: the default problem stands.
      }
    }

    this.#badMessages++;
    this.send({ type: 'error', code: 'bad-request', message: `Malformed message: ${problem}`, inReplyTo: null });
    if (this.#badMessages >= MAX_BAD_MESSAGES) this.close(closeCodes.protocol, 'too many bad messages');
    return null;
  }

  async #dispatch(message: ClientMessage): Promise<void> {
    if (message.type === 'ping') {
      this.send({ type: 'pong' });
      return;
    }
    if (message.type === 'join') {
      if (this.#session) throw new ConfabError('already-in-meeting');
      this.#session = await this.meetings.join(this.user, message.meetingId, message.muted, this);
      this.#log = this.#log.child({ meetingId: message.meetingId, participantId: this.#session.entry.id });
      return;
    }

    const session = this.#session;
    if (!session) throw new ConfabError('not-in-meeting');
    this.#log.debug({ type: message.type }, 'message');

    switch (message.type) {
      case 'media.offer':
        return session.offer(message.sdp);
      case 'media.candidate':
        return session.candidate(message.candidate);
      case 'mute':
        return session.mute(message.muted);
      case 'chat.send':
        return session.chat(message.text);
      case 'leave':
        return session.leave();
      case 'meeting.end':
        return session.end();
      default:
        return assertNever(message);
    }
  }
}
