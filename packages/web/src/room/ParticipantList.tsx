import type { Participant } from '@confab/protocol';
import { BrowserIcon, MicOffIcon, PhoneIcon } from '../components/icons.js';
import { useI18n } from '../i18n/index.js';
import { avatarColour, initials } from '../meeting/roster.js';

type Connection = 'ok' | 'connecting' | 'reconnecting';

function connectionOf(p: Participant): Connection {
  if (p.away || p.media === 'reconnecting' || p.media === 'failed') return 'reconnecting';
  if (p.media === 'connecting') return 'connecting';
  return 'ok';
}

/** How large the tiles are drawn: a few people get larger tiles than a crowd. */
function tileSize(count: number): 'large' | 'medium' | 'small' {
  if (count <= 2) return 'large';
  if (count <= 6) return 'medium';
  return 'small';
}

/** The meeting's participants as tiles, with speaking, mute, role and connection state. */
export function ParticipantList({ participants, selfId }: {
  participants: readonly Participant[]; selfId: string | null;
}) {
  const { t } = useI18n();

  return (
    <ul
      className="participants"
      role="list"
      aria-label={t('meeting.participants')}
      data-size={tileSize(participants.length)}
    >
      {participants.map((p) => (
        <ParticipantTile key={p.id} participant={p} isSelf={p.id === selfId} />
      ))}
    </ul>
  );
}

function ParticipantTile({ participant: p, isSelf }: { participant: Participant; isSelf: boolean }) {
  const { t } = useI18n();
  const connection = connectionOf(p);
  const speaking = p.speaking && !p.muted && connection === 'ok';
  const role = p.role === 'organiser' ? t('meeting.role.organiser')
    : p.role === 'moderator' ? t('meeting.role.moderator') : null;

  return (
    <li
      className="tile"
      data-speaking={speaking}
      data-muted={p.muted}
      data-connection={connection}
      data-participant-id={p.id}
    >
      <div className="tile-avatar-wrap">
        <span className="tile-ring" aria-hidden="true" />
        <span
          className="avatar tile-avatar"
          aria-hidden="true"
          style={{ backgroundColor: avatarColour(p.displayName) }}
        >
          {p.kind === 'phone' ? <PhoneIcon size={30} /> : initials(p.displayName)}
        </span>
        {p.muted && (
          <span className="tile-muted" title={t('meeting.muted')}>
            <MicOffIcon size={16} />
          </span>
        )}
      </div>

      <div className="tile-name">
        <span className="tile-display-name">{p.displayName}</span>
        {isSelf && <span className="tile-you">{t('meeting.you')}</span>}
      </div>

      <div className="tile-meta">
        {role && <span className={`badge badge-${p.role}`}>{role}</span>}
        <span className="tile-kind" title={p.kind === 'phone' ? t('meeting.kind.phone') : t('meeting.kind.browser')}>
          {p.kind === 'phone' ? <PhoneIcon size={14} /> : <BrowserIcon size={14} />}
          <span className="visually-hidden">
            {p.kind === 'phone' ? t('meeting.kind.phone') : t('meeting.kind.browser')}
          </span>
        </span>
        {p.muted && <span className="visually-hidden">{t('meeting.muted')}</span>}
        {speaking && <span className="visually-hidden">{t('meeting.speaking')}</span>}
        {connection === 'reconnecting' && <span className="badge badge-warn">{t('meeting.reconnecting')}</span>}
        {connection === 'connecting' && <span className="badge badge-quiet">{t('meeting.connecting')}</span>}
      </div>
    </li>
  );
}
