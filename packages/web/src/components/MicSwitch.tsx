import { useI18n } from '../i18n/index.js';
import { MicIcon, MicOffIcon } from './icons.js';

/** The microphone choice made before joining, as a labelled switch. */
export function MicSwitch({ on, onChange }: { on: boolean; onChange: (on: boolean) => void }) {
  const { t } = useI18n();

  return (
    <div className="mic-switch">
      <button
        type="button"
        className={`round-button ${on ? '' : 'is-off'}`}
        aria-label={t('mic.label')}
        aria-pressed={on}
        title={on ? t('mic.on') : t('mic.off')}
        onClick={() => onChange(!on)}
      >
        {on ? <MicIcon /> : <MicOffIcon />}
      </button>
      <div className="mic-switch-text">
        <strong>{on ? t('mic.on') : t('mic.off')}</strong>
        <span>{on ? t('mic.joinOn') : t('mic.joinOff')}</span>
      </div>
    </div>
  );
}
