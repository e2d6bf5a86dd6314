import { useState } from 'react';
import type { FormEvent } from 'react';
import type { User } from '@confab/protocol';
import { errorCodeOf, login } from '../api.js';
import { LanguageSelect } from '../components/LanguageSelect.js';
import { Logo, Spinner, WarningIcon } from '../components/icons.js';
import { useI18n } from '../i18n/index.js';
import type { ClientErrorCode } from '../i18n/index.js';
import type { ErrorCode } from '@confab/protocol';

interface LoginPageProps {
  /** Where to go once logged in. */
  next: string;
  onLoggedIn: (user: User, next: string) => void;
}

/** The login form. */
export function LoginPage({ next, onLoggedIn }: LoginPageProps) {
  const { t, error: errorText } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorCode | ClientErrorCode | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;

    setBusy(true);
    setError(null);
    try {
      const user = await login(username.trim(), password);
      onLoggedIn(user, next);
    } catch (failure) {
      setError(errorCodeOf(failure));
      setBusy(false);
    }
  }

  return (
    <div className="login-page">
      <div className="login-language"><LanguageSelect /></div>
      <main className="login-card">
        <div className="login-brand">
          <Logo size={44} />
          <h1>{t('login.title')}</h1>
          <p>{t('login.subtitle')}</p>
        </div>

        <form onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="login-username">{t('login.username')}</label>
            <input
              id="login-username"
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              required
              value={username}
              onChange={(event) => setUsername(event.target.value)}
              aria-invalid={error === 'bad-credentials'}
            />
          </div>
          <div className="field">
            <label htmlFor="login-password">{t('login.password')}</label>
            <input
              id="login-password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              aria-invalid={error === 'bad-credentials'}
            />
          </div>

          {error && (
            <p className="form-error" role="alert">
              <WarningIcon size={18} />
              <span>{errorText(error)}</span>
            </p>
          )}

          <button
            type="submit"
            className="button button-primary button-block"
            disabled={busy || !username.trim() || !password}
          >
            {busy && <Spinner size={18} />}
            {t('login.submit')}
          </button>
        </form>
      </main>
    </div>
  );
}
