import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  allErrorCodes, clientMessageSchema, errorCodes, parseMeetingReference, serverMessageSchema,
} from '../src/index.js';

const doc = readFileSync(new URL('../../../docs/protocol.md', import.meta.url), 'utf8');

function messageTypes(schema: { options: readonly { shape: { type: { value: string } } }[] }): string[] {
  return schema.options.map((option) => option.shape.type.value);
}

describe('the protocol document', () => {
  it('lists every error code with its HTTP status', () => {
    for (const code of allErrorCodes) {
      const row = new RegExp(`^\\| \`${code}\` \\| ${errorCodes[code].http} \\|`, 'm');
      assert.match(doc, row, `docs/protocol.md has no row for ${code}`);
    }
  });

  it('describes every message in both directions', () => {
    for (const type of [...messageTypes(clientMessageSchema), ...messageTypes(serverMessageSchema)]) {
      assert.match(doc, new RegExp(`^\\| \`${type.replace('.', '\\.')}\` \\|`, 'm'), type);
    }
  });
});

describe('client messages', () => {
  it('refuses a message of an unknown type', () => {
    assert.equal(clientMessageSchema.safeParse({ type: 'become-organiser' }).success, false);
  });

  it('refuses an empty chat message and one over 2000 characters', () => {
    assert.equal(clientMessageSchema.safeParse({ type: 'chat.send', text: '   ' }).success, false);
    assert.equal(clientMessageSchema.safeParse({ type: 'chat.send', text: 'x'.repeat(2001) }).success,
      false);
    assert.equal(clientMessageSchema.safeParse({ type: 'chat.send', text: ' hi ' }).success, true);
  });

  it('refuses a join with a malformed meeting ID', () => {
    assert.equal(clientMessageSchema.safeParse({ type: 'join', meetingId: '../etc', muted: false })
      .success, false);
  });
});

describe('meeting references typed by people', () => {
  it('reads a call ID with spaces, dots or dashes', () => {
    assert.deepEqual(parseMeetingReference(' 123 456 789 '), { callId: '123456789' });
    assert.deepEqual(parseMeetingReference('123-456.789'), { callId: '123456789' });
  });

  it('reads a meeting ID alone or inside a meeting URL', () => {
    const id = 'abcdefghijklmnopqrstuv';
    assert.deepEqual(parseMeetingReference(id), { meetingId: id });
    assert.deepEqual(parseMeetingReference(`https://meet.example/meet/${id}?x=1`), { meetingId: id });
  });

  it('refuses a call ID with a leading zero or the wrong length', () => {
    assert.equal(parseMeetingReference('012345678'), null);
    assert.equal(parseMeetingReference('12345678'), null);
  });
});
