import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { allErrorCodes } from '@confab/protocol';
import { en, enErrors } from '../src/i18n/en.js';
import { fr, frErrors } from '../src/i18n/fr.js';
import { detectLanguage, translate, translateError } from '../src/i18n/translate.js';

describe('translations', () => {
  it('gives French a text for every English key', () => {
    assert.deepEqual(Object.keys(fr).sort(), Object.keys(en).sort());
    for (const [key, text] of Object.entries(fr)) assert.ok(text.trim(), `empty French text for ${key}`);
  });

  it('explains every error code of the protocol in both languages', () => {
    for (const code of allErrorCodes) {
      assert.ok(enErrors[code], `no English text for ${code}`);
      assert.ok(frErrors[code], `no French text for ${code}`);
    }
    assert.equal(translateError('fr', 'meeting-ended'), 'Cette réunion est terminée.');
  });

  it('keeps the accessible names the end-to-end tests rely on in English', () => {
    assert.equal(en['login.username'], 'Username');
    assert.equal(en['login.password'], 'Password');
    assert.equal(en['login.submit'], 'Log in');
    assert.equal(en['mic.label'], 'Microphone');
    assert.equal(en['speaker.label'], 'Speaker');
    assert.equal(en['meeting.info'], 'Meeting info');
    assert.equal(en['meeting.leave'], 'Leave');
    assert.equal(en['meeting.end'], 'End meeting');
    assert.equal(en['meeting.endConfirm.confirm'], 'End for everyone');
    assert.equal(en['meeting.participants'], 'Participants');
    assert.equal(en['chat.message'], 'Message');
    assert.equal(en['chat.send'], 'Send');
    assert.equal(en['home.meetingId'], 'Meeting ID');
    assert.equal(en['home.join'], 'Join');
    assert.equal(en['home.meetNow'], 'Meet now');
    assert.equal(en['home.joinMeeting'], 'Join a meeting');
    assert.equal(en['mic.retry'], 'Try again');
    assert.equal(en['end.left'], 'You left the meeting');
    assert.equal(en['end.ended'], 'The meeting has ended');
  });

  it('shows no emoji, which machines without an emoji font draw as empty boxes', () => {
    const emoji = /\p{Extended_Pictographic}/u;
    for (const [key, text] of [...Object.entries(en), ...Object.entries(fr)]) {
      assert.doesNotMatch(text, emoji, key);
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    assert.equal(translate('en', 'prejoin.organisedBy', { name: 'Alice' }), 'Organised by Alice');
    assert.equal(translate('fr', 'meeting.participantCount.other', { count: 3 }), '3 participants');
    assert.equal(translate('en', 'prejoin.organisedBy'), 'Organised by {name}');
  });

  it('uses the remembered language first, then the browser’s first known one', () => {
    assert.equal(detectLanguage('fr', ['en-GB']), 'fr');
    assert.equal(detectLanguage(null, ['de-DE', 'fr-CA', 'en']), 'fr');
    assert.equal(detectLanguage('klingon', ['en-US']), 'en');
    assert.equal(detectLanguage(null, ['de']), 'en');
  });
});
