import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { MAX_CHAT_LENGTH } from '@confab/protocol';
import type { ChatMessage } from '@confab/protocol';
import { CloseIcon, SendIcon } from '../components/icons.js';
import { useI18n } from '../i18n/index.js';

/** Messages closer than this to the previous one by the same author share its heading. */
const GROUP_GAP_MS = 5 * 60_000;

interface ChatPanelProps {
  chat: readonly ChatMessage[];
  selfAccountId: number;
  /** Returns false when the message could not be sent; the text is then kept. */
  onSend: (text: string) => boolean;
  onClose: () => void;
}

/** The meeting's public chat: history and the message box. */
export function ChatPanel({ chat, selfAccountId, onSend, onClose }: ChatPanelProps) {
  const { t, time } = useI18n();
  const [text, setText] = useState('');
  const logRef = useRef<HTMLOListElement>(null);
  const stickToBottom = useRef(true);

  // Follow new messages only when the reader is already at the bottom, not while they scroll back.
  useLayoutEffect(() => {
    const log = logRef.current;
    if (log && stickToBottom.current) log.scrollTop = log.scrollHeight;
  }, [chat.length]);

  useEffect(() => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, []);

  function send() {
    if (!text.trim()) return;
    if (onSend(text)) setText('');
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    send();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    // Enter sends; Shift+Enter starts a new line; Enter while composing (IME) is left alone.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  }

  return (
    <section className="chat" aria-labelledby="chat-title">
      <header className="panel-header">
        <h2 id="chat-title">{t('chat.title')}</h2>
        <button type="button" className="icon-button" aria-label={t('chat.close')} onClick={onClose}>
          <CloseIcon size={20} />
        </button>
      </header>

      <ol
        className="chat-log"
        ref={logRef}
        role="log"
        aria-labelledby="chat-title"
        onScroll={(event) => {
          const log = event.currentTarget;
          stickToBottom.current = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
        }}
      >
        {chat.length === 0 && <li className="chat-empty">{t('chat.empty')}</li>}
        {chat.map((message, index) => {
          const previous = chat[index - 1];
          const grouped = previous !== undefined
            // The account decides, not the name: two people may share a display name.
            && previous.authorAccountId === message.authorAccountId
            && previous.authorName === message.authorName
            && Date.parse(message.sentAt) - Date.parse(previous.sentAt) < GROUP_GAP_MS;
          const mine = message.authorAccountId !== null && message.authorAccountId === selfAccountId;
          return (
            <li key={message.id} className={`chat-message ${mine ? 'is-mine' : ''} ${grouped ? 'is-grouped' : ''}`}>
              <div className={grouped ? 'visually-hidden' : 'chat-meta'}>
                <span className="chat-author">{message.authorName}</span>
                <time dateTime={message.sentAt}>{time(message.sentAt)}</time>
              </div>
              <p className="chat-text">{message.text}</p>
            </li>
          );
        })}
      </ol>

      <form className="chat-form" onSubmit={onSubmit}>
        <textarea
          aria-label={t('chat.message')}
          placeholder={t('chat.placeholder')}
          rows={1}
          maxLength={MAX_CHAT_LENGTH}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="icon-button send-button" aria-label={t('chat.send')} disabled={!text.trim()}>
          <SendIcon size={20} />
        </button>
      </form>
    </section>
  );
}
