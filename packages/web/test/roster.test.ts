import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatMessage, Participant } from '@confab/protocol';
import {
  appendChat, avatarColour, hasOthers, initials, removeParticipant, upsertParticipant,
} from '../src/meeting/roster.js';
import { audioConstraints, classifyMicError } from '../src/meeting/microphone.js';

const ID = 'AbCdEfGhIjKlMnOpQrStUv';

function person(id: string, joinedAt: string, extra: Partial<Participant> = {}): Participant {
  return {
    id, accountId: null, displayName: id, role: 'participant', kind: 'browser', muted: false,
    speaking: false, media: 'connected', away: false, joinedAt, ...extra,
  };
}

function message(id: number): ChatMessage {
  return { id, meetingId: ID, authorName: 'A', authorAccountId: 1, text: `m${id}`, sentAt: '2025-01-01T10:00:00Z' };
}

describe('the roster', () => {
  it('lists oneself first, then the others by arrival', () => {
    let list = upsertParticipant([], person('b', '2025-01-01T10:02:00Z'), 'self');
    list = upsertParticipant(list, person('a', '2025-01-01T10:01:00Z'), 'self');
    list = upsertParticipant(list, person('self', '2025-01-01T10:05:00Z'), 'self');
    assert.deepEqual(list.map((p) => p.id), ['self', 'a', 'b']);
  });

  it('replaces a participant on update instead of listing them twice', () => {
    const list = upsertParticipant([person('a', '1')], person('a', '1', { muted: true }), null);
    assert.equal(list.length, 1);
    assert.equal(list[0]?.muted, true);
    assert.deepEqual(removeParticipant(list, 'a'), []);
  });

  it('keeps each chat message once, in the server’s order', () => {
    const history = appendChat(appendChat([message(1)], message(3)), message(2));
    assert.deepEqual(history.map((m) => m.id), [1, 2, 3]);
    assert.equal(appendChat(history, message(2)).length, 3);
  });

  it('makes avatar initials from the first two words', () => {
    assert.equal(initials('alice martin dupont'), 'AM');
    assert.equal(initials('  élodie '), 'É');
    assert.equal(initials(''), '?');
  });

  it('gives a person the same avatar colour wherever the name appears, and others another', () => {
    assert.equal(avatarColour('Alice Martin'), avatarColour(' Alice Martin '));
    assert.match(avatarColour('Alice Martin'), /^hsl\(\d{1,3} 45% 42%\)$/);
    assert.notEqual(avatarColour('Alice Martin'), avatarColour('Bob Durand'));
  });

  it('tells whether anyone but oneself is in the meeting, phone callers included', () => {
    assert.equal(hasOthers([person('self', '1')], 'self'), false);
    const caller = person('p', '2', { kind: 'phone' });
    assert.equal(hasOthers([person('self', '1'), caller], 'self'), true);
    assert.equal(hasOthers([person('self', '1'), person('a', '2', { away: true })], 'self'), true);
  });
});

describe('the microphone', () => {
  it('turns all three audio processing steps off together', () => {
    assert.deepEqual(audioConstraints(false), {
      echoCancellation: false, noiseSuppression: false, autoGainControl: false,
    });
    assert.deepEqual(audioConstraints(true), {
      echoCancellation: true, noiseSuppression: true, autoGainControl: true,
    });
  });

  it('tells a refused permission from a missing or busy device', () => {
    const named = (name: string) => Object.assign(new Error(name), { name });
    assert.equal(classifyMicError(named('NotAllowedError')), 'denied');
    assert.equal(classifyMicError(named('NotFoundError')), 'missing');
    assert.equal(classifyMicError(named('NotReadableError')), 'busy');
  });
});
