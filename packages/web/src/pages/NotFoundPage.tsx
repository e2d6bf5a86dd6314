import type { User } from '@confab/protocol';
import { useI18n } from '../i18n/index.js';
import { HomeButton, MessagePage } from '../components/MessagePage.js';

/** Any address the application does not know; the account is shown when someone is logged in. */
export function NotFoundPage({ user, onLogout }: { user?: User; onLogout?: () => void }) {
  const { t } = useI18n();

  return (
    <MessagePage user={user} onLogout={onLogout}>
      <div className="card message-card">
        <h1>{t('notFound.title')}</h1>
        <p>{t('notFound.body')}</p>
        <HomeButton />
      </div>
    </MessagePage>
  );
}
