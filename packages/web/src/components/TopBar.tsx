import type { User } from '@confab/protocol';
import { useI18n } from '../i18n/index.js';
import { avatarColour, initials } from '../meeting/roster.js';
import { navigate } from '../router.js';
import { LanguageSelect } from './LanguageSelect.js';
import { Logo, LogoutIcon } from './icons.js';

/** The application header: the mark, the language switch and, when logged in, the account. */
export function TopBar({ user, onLogout }: { user?: User; onLogout?: () => void }) {
  const { t } = useI18n();

  return (
    <header className="topbar">
      <a
        className="brand"
        href="/"
        onClick={(event) => {
          event.preventDefault();
          navigate('/');
        }}
      >
        <Logo />
        <span>{t('app.name')}</span>
      </a>
      <div className="topbar-end">
        <LanguageSelect />
        {user && (
          <div className="account" aria-label={t('user.menu')} role="group">
            <span
              className="avatar avatar-small"
              aria-hidden="true"
              style={{ backgroundColor: avatarColour(user.displayName) }}
            >
              {initials(user.displayName)}
            </span>
            <span className="account-name">{user.displayName}</span>
            {onLogout && (
              <button type="button" className="button button-ghost button-small" onClick={onLogout}>
                <LogoutIcon size={18} />
                <span className="collapse-label">{t('user.logout')}</span>
              </button>
            )}
          </div>
        )}
      </div>
    </header>
  );
}
