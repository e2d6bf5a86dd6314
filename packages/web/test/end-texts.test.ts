import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Participant } from '@confab/protocol';
import { en } from '../src/i18n/en.js';
import type { MeetingSnapshot } from '../src/meeting/session.js';
import { endTexts } from '../src/room/end-texts.js';

function person(id: string): Participant {
  return {
    id, accountId: null, displayName: id, role: 'participant', kind: 'browser', muted: false,
    speaking: false, media: 'connected', away: false, joinedAt: '2025-01-01T10:00:00Z',
  };
}

function snapshot(patch: Partial<MeetingSnapshot>): MeetingSnapshot {
  return {
    phase: 'left', connection: 'closed', audio: 'idle', selfId: 'self', meeting: null,
    participants: [person('self')], chat: [], muted: false, speakerOn: true, mic: 'ok',
    autoplayBlocked: false, endReason: null, error: null, notice: null, ...patch,
  };
}

describe('the end screen', () => {
  it('says the meeting goes on only when others were still in it', () => {
    const withOthers = endTexts(snapshot({ participants: [person('self'), person('bob')] }));
    assert.equal(en[withOthers.title], 'You left the meeting');
    assert.equal(withOthers.body, 'end.leftBody');

    const alone = endTexts(snapshot({ participants: [person('self')] }));
    assert.equal(en[alone.title], 'You left the meeting');
    assert.equal(alone.body, 'end.leftAlone');
    assert.doesNotMatch(en['end.leftAlone'], /goes on/);
  });

  it('explains a meeting that ended, and why when the server said', () => {
    const byOrganiser = endTexts(snapshot({ phase: 'ended', endReason: 'ended-by-organiser' }));
    assert.equal(en[byOrganiser.title], 'The meeting has ended');
    assert.equal(byOrganiser.body, 'end.endedByOrganiser');
    assert.equal(endTexts(snapshot({ phase: 'ended', endReason: 'empty' })).body, 'end.endedEmpty');
    assert.equal(endTexts(snapshot({ phase: 'ended' })).body, null);
  });
});
