import type { ReactNode } from 'react';
import type { User } from '@confab/protocol';
import { useI18n } from '../i18n/index.js';
import { navigate } from '../router.js';
import { HomeIcon } from './icons.js';
import { TopBar } from './TopBar.js';

/** A page that says one thing in a centred card: the top bar above, the card's content inside. */
export function MessagePage({ user, onLogout, children }: {
  user?: User; onLogout?: () => void; children: ReactNode;
}) {
  return (
    <div className="app-page">
      <TopBar user={user} onLogout={onLogout} />
      <main className="page-center">{children}</main>
    </div>
  );
}

/** The way out of every message page: back to the home page. */
export function HomeButton() {
  const { t } = useI18n();

  return (
    <button type="button" className="button button-primary" onClick={() => navigate('/')}>
      <HomeIcon size={18} />
      {t('end.home')}
    </button>
  );
}
