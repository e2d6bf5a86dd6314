import { useState } from 'react';
import type { FormEvent } from 'react';
import { parseMeetingReference } from '@confab/protocol';
import type { ErrorCode, PublicConfig, User } from '@confab/protocol';
import { createMeeting, errorCodeOf, resolveMeeting } from '../api.js';
import { MicSwitch } from '../components/MicSwitch.js';
import { TopBar } from '../components/TopBar.js';
import { KeypadIcon, PhoneIcon, PlusIcon, Spinner, WarningIcon } from '../components/icons.js';
import { useI18n } from '../i18n/index.js';
import type { ClientErrorCode, MessageKey } from '../i18n/index.js';
import { defaultMeetingTitle } from '../i18n/meeting-title.js';
import { loadMicOn, saveMicOn } from '../meeting/prefs.js';
import { requestJoin } from '../pending-join.js';
import { navigate } from '../router.js';
import { meetingPath } from '../routes.js';

interface HomePageProps {
  user: User;
  config: PublicConfig | null;
  onLogout: () => void;
}

type Busy = 'none' | 'meet-now' | 'join';

function greetingKey(hour: number): MessageKey {
  if (hour < 12) return 'home.greeting.morning';
  if (hour < 18) return 'home.greeting.afternoon';
  return 'home.greeting.evening';
}

function firstName(displayName: string): string {
  return displayName.trim().split(/\s+/)[0] || displayName;
}

/** The start page: greeting, "Meet now", "Join a meeting", and the microphone choice. */
export function HomePage({ user, config, onLogout }: HomePageProps) {
  const { lang, t, error: errorText } = useI18n();
  const [micOn, setMicOn] = useState(loadMicOn);
  const [joinOpen, setJoinOpen] = useState(false);
  const [reference, setReference] = useState('');
  const [busy, setBusy] = useState<Busy>('none');
  const [error, setError] = useState<ErrorCode | ClientErrorCode | null>(null);

  function changeMic(on: boolean) {
    setMicOn(on);
    saveMicOn(on);
  }

  async function meetNow() {
    setBusy('meet-now');
    setError(null);
    try {
      // The server's own default title is English; this one is in the person's language.
      const meeting = await createMeeting(defaultMeetingTitle(lang, user.displayName));
      requestJoin(meeting);
      navigate(meetingPath(meeting.id));
    } catch (failure) {
      setError(errorCodeOf(failure));
      setBusy('none');
    }
  }

  async function join(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = parseMeetingReference(reference);
    if (!parsed) {
      setError('bad-reference');
      return;
    }

    setBusy('join');
    setError(null);
    try {
      const meeting = await resolveMeeting('meetingId' in parsed ? parsed.meetingId : parsed.callId);
      if (meeting.state === 'ended') {
        setError('meeting-ended');
        setBusy('none');
        return;
      }
      requestJoin(meeting);
      navigate(meetingPath(meeting.id));
    } catch (failure) {
      setError(errorCodeOf(failure));
      setBusy('none');
    }
  }

  return (
    <div className="app-page">
      <TopBar user={user} onLogout={onLogout} />
      <main className="home">
        <section className="home-main" aria-labelledby="home-title">
          <h1 id="home-title">
            {t(greetingKey(new Date().getHours()), { name: firstName(user.displayName) })}
          </h1>
          <p className="lead">{t(user.meetingRight ? 'home.lead' : 'home.leadJoinOnly')}</p>

          <div className="home-actions">
            {user.meetingRight && (
              <button
                type="button"
                className="button button-primary button-large"
                onClick={() => void meetNow()}
                disabled={busy !== 'none'}
              >
                {busy === 'meet-now' ? <Spinner size={20} /> : <PlusIcon size={20} />}
                {t('home.meetNow')}
              </button>
            )}
            {!joinOpen && (
              <button
                type="button"
                className="button button-secondary button-large"
                onClick={() => {
                  setJoinOpen(true);
                  setError(null);
                }}
              >
                <KeypadIcon size={20} />
                {t('home.joinMeeting')}
              </button>
            )}
          </div>

          {joinOpen && (
            <form className="join-form card" onSubmit={(event) => void join(event)}>
              <label htmlFor="join-reference">{t('home.meetingId')}</label>
              <div className="join-row">
                <input
                  id="join-reference"
                  autoFocus
                  autoComplete="off"
                  spellCheck={false}
                  inputMode="text"
                  value={reference}
                  aria-describedby="join-hint"
                  aria-invalid={error !== null}
                  onChange={(event) => setReference(event.target.value)}
                />
                <button
                  type="submit"
                  className="button button-primary"
                  disabled={busy !== 'none' || !reference.trim()}
                >
                  {busy === 'join' && <Spinner size={18} />}
                  {t('home.join')}
                </button>
                <button
                  type="button"
                  className="button button-ghost"
                  onClick={() => {
                    setJoinOpen(false);
                    setError(null);
                  }}
                >
                  {t('home.cancel')}
                </button>
              </div>
              <p id="join-hint" className="hint">{t('home.meetingIdHint')}</p>
            </form>
          )}

          {error && (
            <p className="form-error" role="alert">
              <WarningIcon size={18} />
              <span>{errorText(error)}</span>
            </p>
          )}
          {!user.meetingRight && <p className="hint">{t('home.noMeetingRight')}</p>}

          <div className="home-mic card">
            <MicSwitch on={micOn} onChange={changeMic} />
          </div>
        </section>

        <aside className="home-side">
          <div className="card tip-card">
            <h2>{t('home.tip.title')}</h2>
            <p>{t('home.tip.body')}</p>
          </div>
          {config?.sipAddress && (
            <div className="card tip-card">
              <h2><PhoneIcon size={18} /> {t('home.dialIn.title')}</h2>
              <p>{t('home.dialIn.body', { address: config.sipAddress })}</p>
              {config.phoneNumber && <p>{t('home.dialIn.number', { number: config.phoneNumber })}</p>}
            </div>
          )}
        </aside>
      </main>
    </div>
  );
}
