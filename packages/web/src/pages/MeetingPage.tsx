import { useEffect, useState, useSyncExternalStore } from 'react';
import type { MeetingInfo, User } from '@confab/protocol';
import { errorCodeOf, fetchMeeting } from '../api.js';
import { MicSwitch } from '../components/MicSwitch.js';
import { TopBar } from '../components/TopBar.js';
import { HomeIcon, Spinner, WarningIcon } from '../components/icons.js';
import { useI18n } from '../i18n/index.js';
import { loadMicOn, saveMicOn } from '../meeting/prefs.js';
import { MeetingSession } from '../meeting/session.js';
import type { UiError } from '../meeting/session.js';
import { takePendingJoin } from '../pending-join.js';
import { EndScreen } from '../room/EndScreen.js';
import { MeetingRoom } from '../room/MeetingRoom.js';
import { navigate } from '../router.js';
import { loginPath, meetingPath } from '../routes.js';

interface MeetingPageProps {
  meetingId: string;
  user: User;
}

/**
 * `/meet/:id`: joins at once when another page asked for it, otherwise shows the pre-join screen;
 * then the meeting window, then the end screen.
 */
export function MeetingPage({ meetingId, user }: MeetingPageProps) {
  const [handoff] = useState(() => takePendingJoin(meetingId));
  const [meeting, setMeeting] = useState<MeetingInfo | null>(handoff);
  const [loadError, setLoadError] = useState<UiError | null>(null);
  const [micOn, setMicOn] = useState(loadMicOn);
  const [session, setSession] = useState<MeetingSession | null>(() =>
    handoff ? new MeetingSession({ meetingId, micOn: loadMicOn() }) : null);

  useEffect(() => {
    if (handoff) return;

    let stale = false;
    fetchMeeting(meetingId).then(
      (found) => {
        if (stale) return;
        if (found.state === 'ended') setLoadError('meeting-ended');
        else setMeeting(found);
      },
      (failure: unknown) => {
        if (!stale) setLoadError(errorCodeOf(failure));
      },
    );
    return () => {
      stale = true;
    };
  }, [handoff, meetingId]);

  useEffect(() => {
    if (!session) return;

    void session.start();
    return () => session.dispose();
  }, [session]);

  const joinNow = (on: boolean) => setSession(new MeetingSession({ meetingId, micOn: on }));

  if (session) return <SessionView session={session} user={user} onRejoin={() => joinNow(loadMicOn())} />;

  return (
    <PreJoin
      user={user}
      meeting={meeting}
      error={loadError}
      micOn={micOn}
      onMicChange={(on) => {
        setMicOn(on);
        saveMicOn(on);
      }}
      onJoin={() => joinNow(micOn)}
    />
  );
}

function SessionView({ session, user, onRejoin }: {
  session: MeetingSession; user: User; onRejoin: () => void;
}) {
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot);
  const { meetingId } = session;

  useEffect(() => {
    if (snapshot.phase === 'refused' && snapshot.error === 'unauthenticated') {
      navigate(loginPath(meetingPath(meetingId)), { replace: true });
    }
  }, [snapshot.phase, snapshot.error, meetingId]);

  switch (snapshot.phase) {
    case 'starting':
    case 'joining':
      return <JoiningScreen askingMic={snapshot.mic === 'pending'} />;
    case 'in-meeting':
      return <MeetingRoom session={session} snapshot={snapshot} user={user} />;
    case 'left':
    case 'ended':
    case 'replaced':
      return <EndScreen snapshot={snapshot} user={user} onRejoin={onRejoin} />;
    case 'refused':
      return <CannotJoin user={user} error={snapshot.error ?? 'internal'} />;
  }
}

function JoiningScreen({ askingMic }: { askingMic: boolean }) {
  const { t } = useI18n();

  return (
    <div className="room-shell room-center" aria-busy="true">
      <Spinner size={40} />
      <p className="joining-title">{t('meeting.joining')}</p>
      {askingMic && <p className="joining-hint">{t('mic.asking')}</p>}
    </div>
  );
}

function PreJoin({ user, meeting, error, micOn, onMicChange, onJoin }: {
  user: User;
  meeting: MeetingInfo | null;
  error: UiError | null;
  micOn: boolean;
  onMicChange: (on: boolean) => void;
  onJoin: () => void;
}) {
  const { t } = useI18n();

  if (error) return <CannotJoin user={user} error={error} />;

  return (
    <div className="app-page">
      <TopBar user={user} />
      <main className="page-center">
        <section className="card prejoin-card" aria-labelledby="prejoin-title" aria-busy={!meeting}>
          {meeting ? (
            <>
              <p className="eyebrow">{t('prejoin.ready')}</p>
              <h1 id="prejoin-title">{meeting.title}</h1>
              <p className="muted-text">{t('prejoin.organisedBy', { name: meeting.organiserName })}</p>
              <MicSwitch on={micOn} onChange={onMicChange} />
              <div className="prejoin-actions">
                <button type="button" className="button button-primary button-large" onClick={onJoin}>
                  {t('prejoin.join')}
                </button>
                <button type="button" className="button button-ghost" onClick={() => navigate('/')}>
                  {t('end.home')}
                </button>
              </div>
            </>
          ) : (
            <div className="prejoin-loading">
              <Spinner size={28} />
              <h1 id="prejoin-title">{t('prejoin.loading')}</h1>
            </div>
          )}
        </section>
      </main>
    </div>
  );
}

function CannotJoin({ user, error }: { user: User; error: UiError }) {
  const { t, error: errorText } = useI18n();

  return (
    <div className="app-page">
      <TopBar user={user} />
      <main className="page-center">
        <section className="card message-card" role="alert" aria-labelledby="cannot-join-title">
          <span className="message-icon"><WarningIcon size={28} /></span>
          <h1 id="cannot-join-title">{t('prejoin.cannotJoin')}</h1>
          <p>{errorText(error)}</p>
          <button type="button" className="button button-primary" onClick={() => navigate('/')}>
            <HomeIcon size={18} />
            {t('end.home')}
          </button>
        </section>
      </main>
    </div>
  );
}
