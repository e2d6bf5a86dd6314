import { useEffect, useState, useSyncExternalStore } from 'react';
import type { MeetingInfo, User } from '@confab/protocol';
import { errorCodeOf, fetchMeeting } from '../api.js';
import { MicSwitch } from '../components/MicSwitch.js';
import { LeaveIcon, Spinner, WarningIcon } from '../components/icons.js';
import { useI18n } from '../i18n/index.js';
import { watchMeeting } from '../meeting/meeting-watch.js';
import { loadMicOn, saveMicOn } from '../meeting/prefs.js';
import { MeetingSession } from '../meeting/session.js';
import type { UiError } from '../meeting/session.js';
import { takePendingJoin } from '../pending-join.js';
import { EndScreen } from '../room/EndScreen.js';
import { MeetingRoom } from '../room/MeetingRoom.js';
import { navigate } from '../router.js';
import { loginPath, meetingPath } from '../routes.js';
import { HomeButton, MessagePage } from '../components/MessagePage.js';

interface MeetingPageProps {
  meetingId: string;
  user: User;
  onLogout: () => void;
}

/**
 * `/meet/:id`: joins at once when another page asked for it, otherwise shows the pre-join screen;
 * then the meeting window, then the end screen.
 */
export function MeetingPage({ meetingId, user, onLogout }: MeetingPageProps) {
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
        if (!stale) setMeeting(found);
      },
      (failure: unknown) => {
        if (!stale) setLoadError(errorCodeOf(failure));
      },
    );
    return () => {
      stale = true;
    };
  }, [handoff, meetingId]);

  // The pre-join screen follows the meeting, so that it does not invite anyone into one that the
  // organiser has ended in the meantime.
  const watching = !session && !loadError && meeting?.state === 'running';
  useEffect(() => {
    if (!watching) return;

    return watchMeeting({
      fetchMeeting: () => fetchMeeting(meetingId),
      onMeeting: setMeeting,
      events: window,
      isVisible: () => document.visibilityState === 'visible',
    });
  }, [watching, meetingId]);

  useEffect(() => {
    if (!session) return;

    void session.start();
    return () => session.dispose();
  }, [session]);

  const joinNow = (on: boolean) => setSession(new MeetingSession({ meetingId, micOn: on }));

  if (session) {
    return (
      <SessionView
        session={session}
        user={user}
        onLogout={onLogout}
        onRejoin={() => joinNow(loadMicOn())}
      />
    );
  }

  return (
    <PreJoin
      user={user}
      onLogout={onLogout}
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

function SessionView({ session, user, onLogout, onRejoin }: {
  session: MeetingSession; user: User; onLogout: () => void; onRejoin: () => void;
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
      return <EndScreen snapshot={snapshot} user={user} onLogout={onLogout} onRejoin={onRejoin} />;
    case 'refused':
      return <CannotJoin user={user} onLogout={onLogout} error={snapshot.error ?? 'internal'} />;
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

function PreJoin({ user, onLogout, meeting, error, micOn, onMicChange, onJoin }: {
  user: User;
  onLogout: () => void;
  meeting: MeetingInfo | null;
  error: UiError | null;
  micOn: boolean;
  onMicChange: (on: boolean) => void;
  onJoin: () => void;
}) {
  const { t } = useI18n();

  if (error) return <CannotJoin user={user} onLogout={onLogout} error={error} />;
  if (meeting?.state === 'ended') {
    return <MeetingEnded user={user} onLogout={onLogout} meeting={meeting} />;
  }

  return (
    <MessagePage user={user} onLogout={onLogout}>
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
    </MessagePage>
  );
}

/** A meeting that ended before this person joined it (or while they were about to). */
function MeetingEnded({ user, onLogout, meeting }: {
  user: User; onLogout: () => void; meeting: MeetingInfo;
}) {
  const { t } = useI18n();

  return (
    <MessagePage user={user} onLogout={onLogout}>
      <section className="card message-card end-card" role="status" aria-labelledby="ended-title">
        <span className="message-icon message-icon-quiet"><LeaveIcon size={28} /></span>
        <h1 id="ended-title">{t('end.ended')}</h1>
        <p className="end-meeting">{meeting.title}</p>
        <p>{t('prejoin.organisedBy', { name: meeting.organiserName })}</p>
        <HomeButton />
      </section>
    </MessagePage>
  );
}

function CannotJoin({ user, onLogout, error }: {
  user: User; onLogout: () => void; error: UiError;
}) {
  const { t, error: errorText } = useI18n();

  return (
    <MessagePage user={user} onLogout={onLogout}>
      <section className="card message-card" role="alert" aria-labelledby="cannot-join-title">
        <span className="message-icon"><WarningIcon size={28} /></span>
        <h1 id="cannot-join-title">{t('prejoin.cannotJoin')}</h1>
        <p>{errorText(error)}</p>
        <HomeButton />
      </section>
    </MessagePage>
  );
}
