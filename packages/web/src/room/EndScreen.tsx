import type { User } from '@confab/protocol';
import { TopBar } from '../components/TopBar.js';
import { HomeIcon, LeaveIcon } from '../components/icons.js';
import { useI18n } from '../i18n/index.js';
import type { MeetingSnapshot } from '../meeting/session.js';
import { navigate } from '../router.js';
import { endTexts } from './end-texts.js';

/** After the meeting: ended for everyone, left, or opened in another window. */
export function EndScreen({ snapshot, user, onLogout, onRejoin }: {
  snapshot: MeetingSnapshot; user: User; onLogout: () => void; onRejoin: () => void;
}) {
  const { t } = useI18n();
  const { title, body } = endTexts(snapshot);
  const canRejoin = snapshot.phase !== 'ended';

  return (
    <div className="app-page">
      <TopBar user={user} onLogout={onLogout} />
      <main className="page-center">
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
            <button type="button" className="button button-primary" onClick={() => navigate('/')}>
              <HomeIcon size={18} />
              {t('end.home')}
            </button>
          </div>
        </section>
      </main>
    </div>
  );
}
