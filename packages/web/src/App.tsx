import { useCallback, useEffect, useState } from 'react';
import type { PublicConfig, User } from '@confab/protocol';
import { fetchConfig, fetchMe, logout } from './api.js';
import { Spinner } from './components/icons.js';
import { useI18n } from './i18n/index.js';
import { HomePage } from './pages/HomePage.js';
import { LoginPage } from './pages/LoginPage.js';
import { MeetingPage } from './pages/MeetingPage.js';
import { NotFoundPage } from './pages/NotFoundPage.js';
import { navigate, useLocation } from './router.js';
import { loginPath, matchRoute } from './routes.js';

type Auth = { state: 'loading' } | { state: 'out' } | { state: 'in'; user: User };

/** Loads the session, guards the pages that need an account, and renders the current route. */
export function App() {
  const { t } = useI18n();
  const location = useLocation();
  const route = matchRoute(location.pathname, location.search);
  const [auth, setAuth] = useState<Auth>({ state: 'loading' });
  const [config, setConfig] = useState<PublicConfig | null>(null);

  useEffect(() => {
    // Unreachable server or not logged in: both lead to the login page, which says why on submit.
    fetchMe().then(
      (user) => setAuth(user ? { state: 'in', user } : { state: 'out' }),
      () => setAuth({ state: 'out' }),
    );
    fetchConfig().then(setConfig, () => setConfig(null));
  }, []);

  const needsAccount = route.name === 'home' || route.name === 'meeting';
  const loggedInAt = route.name === 'login' && auth.state === 'in' ? route.next : null;
  useEffect(() => {
    if (auth.state === 'out' && needsAccount) {
      navigate(loginPath(location.pathname + location.search), { replace: true });
    }
    if (loggedInAt !== null) navigate(loggedInAt, { replace: true });
  }, [auth.state, needsAccount, loggedInAt, location.pathname, location.search]);

  const onLoggedIn = useCallback((user: User, next: string) => {
    setAuth({ state: 'in', user });
    navigate(next, { replace: true });
  }, []);

  const onLogout = useCallback(() => {
    void logout().then(() => {
      setAuth({ state: 'out' });
      navigate('/login');
    });
  }, []);

  if (auth.state === 'loading') {
    return (
      <div className="page-center" aria-busy="true">
        <Spinner size={32} />
        <span className="visually-hidden">{t('prejoin.loading')}</span>
      </div>
    );
  }

  switch (route.name) {
    case 'login':
      if (auth.state === 'in') return null;
      return <LoginPage next={route.next} onLoggedIn={onLoggedIn} />;
    case 'home':
      return auth.state === 'in'
        ? <HomePage user={auth.user} config={config} onLogout={onLogout} />
        : null;
    case 'meeting':
      return auth.state === 'in'
        ? (
          <MeetingPage
            key={route.meetingId}
            meetingId={route.meetingId}
            user={auth.user}
            onLogout={onLogout}
          />
        )
        : null;
    case 'not-found':
      return auth.state === 'in'
        ? <NotFoundPage user={auth.user} onLogout={onLogout} />
        : <NotFoundPage />;
  }
}
