import type { User } from '@confab/protocol';
import { TopBar } from '../components/TopBar.js';
import { HomeIcon } from '../components/icons.js';
import { useI18n } from '../i18n/index.js';
import { navigate } from '../router.js';

/** Any address the application does not know; the account is shown when someone is logged in. */
export function NotFoundPage({ user, onLogout }: { user?: User; onLogout?: () => void }) {
  const { t } = useI18n();

  return (
    <div className="app-page">
      <TopBar user={user} onLogout={onLogout} />
      <main className="page-center">
        <div className="card message-card">
          <h1>{t('notFound.title')}</h1>
          <p>{t('notFound.body')}</p>
          <button type="button" className="button button-primary" onClick={() => navigate('/')}>
            <HomeIcon size={18} />
            {t('end.home')}
          </button>
        </div>
      </main>
    </div>
  );
}
