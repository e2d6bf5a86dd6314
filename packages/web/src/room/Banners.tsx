import { MicOffIcon, Spinner, WarningIcon, CloseIcon } from '../components/icons.js';
import { useI18n } from '../i18n/index.js';
import type { MessageKey } from '../i18n/index.js';
import type { MeetingSnapshot } from '../meeting/session.js';

const micProblemText: Record<'denied' | 'missing' | 'busy' | 'insecure', MessageKey> = {
  denied: 'mic.denied',
  missing: 'mic.missing',
  busy: 'mic.busy',
  insecure: 'mic.insecure',
};

interface BannersProps {
  snapshot: MeetingSnapshot;
  onRetryMic: () => void;
  onResumePlayback: () => void;
  onDismissNotice: () => void;
}

/** What is wrong right now: connection being restored, audio being restored, no microphone. */
export function Banners({ snapshot, onRetryMic, onResumePlayback, onDismissNotice }: BannersProps) {
  const { t, error } = useI18n();
  const reconnecting = snapshot.connection === 'reconnecting';
  const restoringAudio = !reconnecting
    && (snapshot.audio === 'reconnecting' || snapshot.audio === 'failed');
  const mic = snapshot.mic;

  return (
    <div className="banners">
      <div role="status" aria-live="polite">
        {reconnecting && (
          <p className="banner banner-warn">
            <Spinner size={18} />
            <span>{t('meeting.banner.reconnecting')}</span>
          </p>
        )}
        {restoringAudio && (
          <p className="banner banner-warn">
            <Spinner size={18} />
            <span>{t('meeting.banner.audio')}</span>
          </p>
        )}
      </div>

      {snapshot.autoplayBlocked && (
        <p className="banner">
          <span>{t('meeting.banner.autoplay')}</span>
          <button type="button" className="button button-small button-primary" onClick={onResumePlayback}>
            {t('meeting.banner.autoplayButton')}
          </button>
        </p>
      )}

      {mic !== 'ok' && mic !== 'pending' && (
        <div className="banner banner-mic" role="alert">
          <MicOffIcon size={20} />
          <div>
            <strong>{t('meeting.banner.listenOnly')}</strong>
            <p>{t(micProblemText[mic])}</p>
          </div>
          {mic !== 'insecure' && (
            <button type="button" className="button button-small button-light" onClick={onRetryMic}>
              {t('mic.retry')}
            </button>
          )}
        </div>
      )}

      {snapshot.notice && (
        <p className="banner banner-error" role="alert">
          <WarningIcon size={18} />
          <span>{error(snapshot.notice)}</span>
          <button type="button" className="icon-button" aria-label={t('info.close')} onClick={onDismissNotice}>
            <CloseIcon size={16} />
          </button>
        </p>
      )}
    </div>
  );
}
