import { useEffect, useState } from 'react';
import type { MeetingInfo } from '@confab/protocol';
import { CheckIcon, CopyIcon } from '../components/icons.js';
import { useI18n } from '../i18n/index.js';
import type { MessageKey } from '../i18n/index.js';
import { Dialog } from './Dialog.js';

/** Copies text; falls back to a hidden text field where the Clipboard API is not offered. */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const field = document.createElement('textarea');
    field.value = text;
    field.setAttribute('readonly', '');
    field.style.position = 'fixed';
    field.style.opacity = '0';
    document.body.append(field);
    field.select();
    const done = document.execCommand('copy');
    field.remove();
    return done;
  }
}

/** The call ID in groups of three for reading aloud, while copying and page text keep the digits. */
function CallId({ value }: { value: string }) {
  const groups = value.match(/.{1,3}/g) ?? [value];
  return (
    <span className="call-id">
      {groups.map((group, index) => <span key={index}>{group}</span>)}
    </span>
  );
}

/** The meeting's join details, each with a copy button. */
export function InfoDialog({ meeting, onClose }: { meeting: MeetingInfo; onClose: () => void }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState<MessageKey | null>(null);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(null), 2_000);
    return () => clearTimeout(timer);
  }, [copied]);

  const rows: { key: MessageKey; value: string; display?: 'call-id' }[] = [
    { key: 'info.link', value: meeting.url },
    { key: 'info.meetingId', value: meeting.id },
    { key: 'info.callId', value: meeting.callId, display: 'call-id' },
  ];
  if (meeting.sipAddress) rows.push({ key: 'info.sip', value: meeting.sipAddress });
  if (meeting.phoneNumber) rows.push({ key: 'info.phone', value: meeting.phoneNumber });

  return (
    <Dialog titleId="info-title" title={t('info.title')} closeLabel={t('info.close')} onClose={onClose}>
      <p className="dialog-lead">{meeting.title}</p>
      <dl className="info-list">
        {rows.map((row) => (
          <div className="info-row" key={row.key}>
            <dt>{t(row.key)}</dt>
            <dd>
              <span className="info-value">
                {row.display === 'call-id' ? <CallId value={row.value} /> : row.value}
              </span>
              <button
                type="button"
                className="icon-button copy-button"
                aria-label={t('info.copy', { what: t(row.key) })}
                title={t('info.copy', { what: t(row.key) })}
                onClick={() => {
                  void copyText(row.value).then((done) => setCopied(done ? row.key : null));
                }}
              >
                {copied === row.key ? <CheckIcon size={18} /> : <CopyIcon size={18} />}
              </button>
            </dd>
          </div>
        ))}
      </dl>
      {meeting.sipAddress && <p className="hint">{t('info.phoneHowTo')}</p>}
      <p className="visually-hidden" role="status">{copied ? t('info.copied') : ''}</p>
    </Dialog>
  );
}
