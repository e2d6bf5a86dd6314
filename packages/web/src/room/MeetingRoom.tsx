import { useEffect, useRef, useState } from 'react';
import type { User } from '@confab/protocol';
import { LanguageSelect } from '../components/LanguageSelect.js';
import { Logo } from '../components/icons.js';
import { useI18n } from '../i18n/index.js';
import type { MeetingSession, MeetingSnapshot } from '../meeting/session.js';
import { Banners } from './Banners.js';
import { ChatPanel } from './ChatPanel.js';
import { ControlBar } from './ControlBar.js';
import { Dialog } from './Dialog.js';
import { InfoDialog } from './InfoDialog.js';
import { ParticipantList } from './ParticipantList.js';
import { useMediaQuery } from './use-media-query.js';

const NARROW = '(max-width: 760px)';

interface MeetingRoomProps {
  session: MeetingSession;
  snapshot: MeetingSnapshot;
  user: User;
}

/** The meeting window: participants, chat, controls, banners and dialogs. */
export function MeetingRoom({ session, snapshot, user }: MeetingRoomProps) {
  const { t } = useI18n();
  const narrow = useMediaQuery(NARROW);
  const [chatOpen, setChatOpen] = useState(() => !window.matchMedia(NARROW).matches);
  const [dialog, setDialog] = useState<'none' | 'info' | 'end'>('none');
  const unread = useUnread(snapshot.chat.length, chatOpen);
  const meeting = snapshot.meeting;
  const self = snapshot.participants.find((p) => p.id === snapshot.selfId);
  const isOrganiser = self?.role === 'organiser';
  if (!meeting) return null;

  const count = snapshot.participants.length;

  return (
    <div className={`room-shell ${chatOpen ? 'chat-is-open' : ''}`}>
      <header className="room-header">
        <Logo size={26} />
        <div className="room-title">
          <h1>{meeting.title}</h1>
          <p>
            <Elapsed since={meeting.createdAt} />
            <span aria-hidden="true"> · </span>
            {t(count === 1 ? 'meeting.participantCount.one' : 'meeting.participantCount.other', { count })}
          </p>
        </div>
        <div className="room-header-end">
          <LanguageSelect />
        </div>
      </header>

      <Banners
        snapshot={snapshot}
        onRetryMic={() => void session.retryMicrophone()}
        onResumePlayback={() => session.resumePlayback()}
        onDismissNotice={() => session.dismissNotice()}
      />

      <div className="room-body">
        <main className="stage" aria-label={t('meeting.people')}>
          <ParticipantList participants={snapshot.participants} selfId={snapshot.selfId} />
        </main>
        {chatOpen && (
          <aside className={narrow ? 'chat-drawer' : 'chat-side'}>
            <ChatPanel
              chat={snapshot.chat}
              selfAccountId={user.id}
              onSend={(text) => session.sendChat(text)}
              onClose={() => setChatOpen(false)}
            />
          </aside>
        )}
      </div>

      <ControlBar
        micOn={!snapshot.muted}
        micAvailable={snapshot.mic === 'ok'}
        speakerOn={snapshot.speakerOn}
        chatOpen={chatOpen}
        unread={unread}
        isOrganiser={isOrganiser}
        onMic={() => session.setMuted(!snapshot.muted)}
        onSpeaker={() => session.setSpeakerOn(!snapshot.speakerOn)}
        onInfo={() => setDialog('info')}
        onChat={() => setChatOpen((open) => !open)}
        onLeave={() => session.leave()}
        onEnd={() => setDialog('end')}
      />

      {dialog === 'info' && <InfoDialog meeting={meeting} onClose={() => setDialog('none')} />}
      {dialog === 'end' && (
        <Dialog
          titleId="end-confirm-title"
          title={t('meeting.endConfirm.title')}
          closeLabel={t('info.close')}
          onClose={() => setDialog('none')}
          className="dialog-small"
        >
          <p>{t('meeting.endConfirm.body')}</p>
          <div className="dialog-actions">
            <button type="button" className="button button-ghost" onClick={() => setDialog('none')}>
              {t('meeting.endConfirm.cancel')}
            </button>
            <button
              type="button"
              className="button button-danger"
              onClick={() => {
                setDialog('none');
                session.endMeeting();
              }}
            >
              {t('meeting.endConfirm.confirm')}
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}

/** Messages that arrived while the chat was closed. */
function useUnread(total: number, open: boolean): number {
  const seen = useRef(total);
  if (open) seen.current = total;
  return Math.max(0, total - seen.current);
}

/** The meeting's running time, as m:ss or h:mm:ss. */
function Elapsed({ since }: { since: string }) {
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);

  const start = Date.parse(since);
  const seconds = Number.isNaN(start) ? 0 : Math.max(0, Math.floor((now - start) / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  const text = h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
  return <time aria-label={text}>{text}</time>;
}
