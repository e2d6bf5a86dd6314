import type { User } from '@confab/protocol';
import { LeaveIcon } from '../components/icons.js';
import { useI18n } from '../i18n/index.js';
import type { MeetingSnapshot } from '../meeting/session.js';
import { endTexts } from './end-texts.js';
import { HomeButton, MessagePage } from '../components/MessagePage.js';

/** After the meeting: ended for everyone, left, or opened in another window. */
export function EndScreen({ snapshot, user, onLogout, onRejoin }: {
  snapshot: MeetingSnapshot; user: User; onLogout: () => void; onRejoin: () => void;
}) {
  const { t } = useI18n();
  const { title, body } = endTexts(snapshot);
  const canRejoin = snapshot.phase !== 'ended';

  return (
    <MessagePage user={user} onLogout={onLogout}>
      <section className="card message-card end-card" aria-labelledby="end-title">
        <span className="message-icon message-icon-quiet"><LeaveIcon size={28} /></span>
        <h1 id="end-title">{t(title)}</h1>
        {snapshot.meeting && <p className="end-meeting">{snapshot.meeting.title}</p>}
        <p>{body ? t(body) : ''}</p>
        <div className="end-actions">
          {canRejoin && (
            <button type="button" className="button button-secondary" onClick={onRejoin}>
              {t('end.rejoin')}
            </button>
          )}
          <HomeButton />
        </div>
      </section>
    </MessagePage>
  );
}
