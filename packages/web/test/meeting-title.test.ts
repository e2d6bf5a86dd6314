import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_MEETING_TITLE, createMeetingRequestSchema } from '@confab/protocol';
import { defaultMeetingTitle } from '../src/i18n/meeting-title.js';

describe('the title "Meet now" gives a meeting', () => {
  it('names the organiser in English', () => {
    assert.equal(defaultMeetingTitle('en', 'Alice'), 'Alice’s meeting');
    assert.equal(defaultMeetingTitle('en', '  Bob Martin '), 'Bob Martin’s meeting');
  });

  it('elides "de" in French before a vowel sound and keeps it before a consonant', () => {
    assert.equal(defaultMeetingTitle('fr', 'Alice'), 'Réunion d’Alice');
    assert.equal(defaultMeetingTitle('fr', 'Élodie'), 'Réunion d’Élodie');
    assert.equal(defaultMeetingTitle('fr', 'Hélène'), 'Réunion d’Hélène');
    assert.equal(defaultMeetingTitle('fr', 'Bob'), 'Réunion de Bob');
  });

  it('leaves the title to the server when there is no name', () => {
    assert.equal(defaultMeetingTitle('en', '   '), undefined);
  });

  it('shortens a long name so that the title fits the meeting’s limit', () => {
    const title = defaultMeetingTitle('fr', `A${'é'.repeat(250)}`);
    assert.ok(title, 'a title is made');
    assert.ok(title.length <= MAX_MEETING_TITLE, `${title.length} characters`);
    assert.ok(title.startsWith('Réunion d’Aé') && title.endsWith('…'), title);
  });

  it('never cuts a character in half', () => {
    const title = defaultMeetingTitle('en', '😀'.repeat(120));
    assert.ok(title, 'a title is made');
    // In a `u` pattern a surrogate range matches only a surrogate without its pair.
    assert.ok(!/[\uD800-\uDFFF]/u.test(title), 'no lone surrogate');
    assert.ok(title.endsWith('…’s meeting'), title);
    assert.ok(title.length <= MAX_MEETING_TITLE);
  });

  it('makes only titles the server accepts', () => {
    for (const name of ['Alice', 'Zoë', 'O’Brien', 'x'.repeat(300)]) {
      for (const lang of ['en', 'fr'] as const) {
        const title = defaultMeetingTitle(lang, name);
        assert.ok(createMeetingRequestSchema.safeParse({ title }).success, `${lang} ${name}`);
      }
    }
  });
});
