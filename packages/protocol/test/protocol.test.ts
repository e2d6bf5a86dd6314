import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  allErrorCodes, clientMessageSchema, createMeetingRequestSchema, errorCodes, isPrintableLine,
  parseMeetingReference, serverMessageSchema,
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

  it('keeps line breaks and tabs in a chat message and refuses other control characters', () => {
    const parse = (text: string) => clientMessageSchema.safeParse({ type: 'chat.send', text });

    assert.equal(parse('first line\n\tsecond line').success, true);
    for (const text of ['bell\u0007', 'nul\u0000here', 'escape \u001b[2J', 'carriage\rreturn', 'c1 \u0085']) {
      const result = parse(text);
      assert.equal(result.success, false, JSON.stringify(text));
      assert.match(result.error?.issues[0]?.message ?? '', /control characters/, JSON.stringify(text));
    }
  });

  it('refuses an SDP offer with control characters other than CR, LF and TAB', () => {
    const sdp = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';
    const offer = (text: string) => clientMessageSchema.safeParse({ type: 'media.offer', sdp: text });

    assert.equal(offer(sdp).success, true);
    assert.equal(offer(`${sdp}a=tool:\tx\n`).success, true);
    for (const bad of [`${sdp}\u0000`, `v=0\u0001\r\n`, `${sdp}a=x:\u007f\r\n`]) {
      const result = offer(bad);
      assert.equal(result.success, false, JSON.stringify(bad));
      assert.match(result.error?.issues[0]?.message ?? '', /control characters/);
    }
  });

  it('refuses an ICE candidate or media ID with any control character', () => {
    const line = 'candidate:842163049 1 udp 1677729535 198.18.0.2 50000 typ srflx';
    const trickle = (candidate: string, sdpMid = '0') => clientMessageSchema.safeParse({
      type: 'media.candidate', candidate: { candidate, sdpMid, sdpMLineIndex: 0 },
    });

    assert.equal(trickle(line).success, true);
    assert.equal(trickle('').success, true, 'an empty candidate ends a generation');
    for (const bad of [`${line}\u0000`, `${line}\r\na=inject`, `${line}\t`]) {
      assert.equal(trickle(bad).success, false, JSON.stringify(bad));
    }
    assert.equal(trickle(line, '0\u0000').success, false);
  });

  it('refuses a chat message with bidi overrides or nothing visible in it', () => {
    const chat = (text: string) => clientMessageSchema.safeParse({ type: 'chat.send', text }).success;
    assert.equal(chat('two\nlines\twith a tab'), true);
    assert.equal(chat('\u05e9\u05dc\u05d5\u05dd and \u200f marks'), true);
    for (const text of ['see \u202egpj.exe', 'a\u2066b', '\u200b', '\u200b\u200b']) {
      assert.equal(chat(text), false, JSON.stringify(text));
    }
  });

  it('refuses a join with a malformed meeting ID', () => {
    assert.equal(clientMessageSchema.safeParse({ type: 'join', meetingId: '../etc', muted: false })
      .success, false);
  });
});

describe('names and titles', () => {
  it('takes a meeting title of printable text, trimmed', () => {
    assert.deepEqual(createMeetingRequestSchema.parse({ title: '  Réunion \u05e9\u05dc\u05d5\u05dd  ' }),
      { title: 'Réunion \u05e9\u05dc\u05d5\u05dd' });
    assert.deepEqual(createMeetingRequestSchema.parse({}), {});
  });

  it('refuses a meeting title with control characters or bidi overrides and isolates', () => {
    for (const title of ['Weekly\nsync', 'tab\there', 'nul\u0000', 'invoice \u202egpj.exe',
      'left \u202d', 'isolate \u2066x\u2069', 'first strong \u2068x']) {
      const result = createMeetingRequestSchema.safeParse({ title });
      assert.equal(result.success, false, JSON.stringify(title));
      assert.match(result.error?.issues[0]?.message ?? '', /printable/, JSON.stringify(title));
    }
  });

  it('calls one line of text printable only without control or bidi embedding characters', () => {
    assert.equal(isPrintableLine('Alice Martin'), true);
    assert.equal(isPrintableLine('\u0627\u0644\u0639\u0631\u0628\u064a\u0629'), true);
    for (const text of ['a\nb', 'a\u007fb', 'a\u009bb', '\u202aa', '\u202bb', '\u202cc', '\u2067d']) {
      assert.equal(isPrintableLine(text), false, JSON.stringify(text));
    }
  });

  it('refuses line and paragraph separators, and text where nothing would show', () => {
    for (const text of ['Bob\u2028Admin', 'a\u2029b', '\u200b', '\u061c', '\u200b\u200f']) {
      assert.equal(isPrintableLine(text), false, JSON.stringify(text));
    }
    assert.equal(isPrintableLine(''), true, 'an empty title means the default one');
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
