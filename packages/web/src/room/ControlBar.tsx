import {
  ChatIcon, EndIcon, InfoIcon, LeaveIcon, MicIcon, MicOffIcon, SpeakerIcon, SpeakerOffIcon,
} from '../components/icons.js';
import { useI18n } from '../i18n/index.js';

interface ControlBarProps {
  micOn: boolean;
  /** Without a microphone the button asks for one again instead of toggling. */
  micAvailable: boolean;
  speakerOn: boolean;
  chatOpen: boolean;
  unread: number;
  isOrganiser: boolean;
  onMic: () => void;
  onSpeaker: () => void;
  onInfo: () => void;
  onChat: () => void;
  onLeave: () => void;
  onEnd: () => void;
}

/** The meeting's controls: everyone's on the left and centre, the organiser's on the right. */
export function ControlBar(props: ControlBarProps) {
  const { t } = useI18n();
  const { micOn, speakerOn } = props;

  return (
    <footer className="control-bar">
      <div className="control-group">
        <button
          type="button"
          className={`control ${micOn ? '' : 'is-off'}`}
          aria-label={t('mic.label')}
          aria-pressed={micOn}
          title={micOn ? t('mic.on') : props.micAvailable ? t('mic.off') : t('mic.listenOnly')}
          onClick={props.onMic}
        >
          {micOn ? <MicIcon /> : <MicOffIcon />}
        </button>
        <button
          type="button"
          className={`control ${speakerOn ? '' : 'is-off'}`}
          aria-label={t('speaker.label')}
          aria-pressed={speakerOn}
          title={speakerOn ? t('speaker.on') : t('speaker.off')}
          onClick={props.onSpeaker}
        >
          {speakerOn ? <SpeakerIcon /> : <SpeakerOffIcon />}
        </button>
        <button
          type="button"
          className="control"
          aria-label={t('meeting.info')}
          title={t('meeting.info')}
          onClick={props.onInfo}
        >
          <InfoIcon />
        </button>
        <button
          type="button"
          className={`control control-chat ${props.chatOpen ? 'is-active' : ''}`}
          aria-label={t('meeting.chat')}
          aria-expanded={props.chatOpen}
          title={t('meeting.chat')}
          onClick={props.onChat}
        >
          <ChatIcon />
          {props.unread > 0 && !props.chatOpen && (
            <span className="unread" aria-hidden="true">{props.unread > 9 ? '9+' : props.unread}</span>
          )}
        </button>
        <button type="button" className="control control-leave" aria-label={t('meeting.leave')} onClick={props.onLeave}>
          <LeaveIcon />
          <span className="control-text" aria-hidden="true">{t('meeting.leave')}</span>
        </button>
      </div>

      {props.isOrganiser && (
        <div className="control-group control-group-end">
          <button type="button" className="control control-end" aria-label={t('meeting.end')} onClick={props.onEnd}>
            <EndIcon size={18} />
            <span className="control-text" aria-hidden="true">{t('meeting.end')}</span>
          </button>
        </div>
      )}
    </footer>
  );
}
