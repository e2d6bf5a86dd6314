import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfabError, callIdSchema, meetingIdSchema } from '@confab/protocol';
import { newCallId, newMeetingId } from '../src/meetings/ids.js';
import { pino } from 'pino';
import { ChatService } from '../src/chat/chat-service.js';
import { MeetingsService } from '../src/meetings/service.js';
import { MeetingsRepo } from '../src/store/meetings-repo.js';
import { RecordingLink, defaultOptions, settle, world } from './meetings-fixtures.js';

function rejectsWith(code: string) {
  return (err: unknown) => err instanceof ConfabError && err.code === code;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('meeting identity', () => {
  it('makes meeting IDs of 128 random bits that fit a URL', () => {
    const ids = new Set(Array.from({ length: 1000 }, newMeetingId));
    assert.equal(ids.size, 1000);
    for (const id of ids) assert.ok(meetingIdSchema.safeParse(id).success, id);
  });

  it('makes 9-digit call IDs that never start with 0', () => {
    for (let i = 0; i < 5000; i++) {
      const callId = newCallId();
      assert.match(callId, /^[1-9][0-9]{8}$/);
      assert.ok(callIdSchema.safeParse(callId).success);
    }
  });
});

describe('starting a meeting', () => {
  it('lets an account with the meeting right start one and be its organiser', async () => {
    const w = await world();
    const alice = await w.user('alice', { meetingRight: true });
    const info = await w.meetings.create(alice);

    assert.equal(info.organiserId, alice.id);
    assert.equal(info.state, 'running');
    assert.equal(info.url, `https://meet.example.test/meet/${info.id}`);
    assert.equal(info.sipAddress, 'conference@example.test');
    await settle();
    assert.ok(w.audio.rooms.has(Number(info.callId)), 'the audio room is opened at once');
  });

  it('refuses an account without the meeting right', async () => {
    const w = await world();
    const bob = await w.user('bob');
    await assert.rejects(w.meetings.create(bob), rejectsWith('no-meeting-right'));
  });

  it('refuses a start past the concurrent meeting limit', async () => {
    const w = await world({ maxMeetings: 2 });
    const alice = await w.user('alice', { meetingRight: true });
    await w.meetings.create(alice);
    await w.meetings.create(alice);
    await assert.rejects(w.meetings.create(alice), rejectsWith('meeting-limit'));
  });

  it('finds a meeting by its ID, its call ID with spaces, or its URL', async () => {
    const w = await world();
    const alice = await w.user('alice', { meetingRight: true });
    const info = await w.meetings.create(alice);
    const spaced = `${info.callId.slice(0, 3)} ${info.callId.slice(3, 6)} ${info.callId.slice(6)}`;

    assert.equal((await w.meetings.resolve(info.id)).id, info.id);
    assert.equal((await w.meetings.resolve(spaced)).id, info.id);
    assert.equal((await w.meetings.resolve(info.url)).id, info.id);
    await assert.rejects(w.meetings.resolve('123456789'), rejectsWith('meeting-unknown'));
    await assert.rejects(w.meetings.resolve('not an id'), rejectsWith('meeting-unknown'));
  });
});

describe('joining', () => {
  it('tells the joiner the roster and the history, and tells the others', async () => {
    const w = await world();
    const alice = await w.user('alice', { meetingRight: true });
    const bob = await w.user('bob');
    const info = await w.meetings.create(alice);
    const aliceLink = new RecordingLink();
    const bobLink = new RecordingLink();

    const aliceSession = await w.meetings.join(alice, info.id, false, aliceLink);
    await aliceSession.chat('hello before bob');
    await w.meetings.join(bob, info.id, true, bobLink);

    const joined = bobLink.last('joined');
    assert.ok(joined);
    assert.deepEqual(joined.participants.map((p) => [p.displayName, p.role, p.muted]),
      [['Alice', 'organiser', false], ['Bob', 'participant', true]]);
    assert.deepEqual(joined.chat.map((m) => m.text), ['hello before bob']);
    assert.equal(aliceLink.last('participant.joined')?.participant.displayName, 'Bob');
  });

  it('refuses an unknown meeting and an ended one with different codes', async () => {
    const w = await world();
    const alice = await w.user('alice', { meetingRight: true });
    const info = await w.meetings.create(alice);
    await w.meetings.end(info.id, 'ended-by-organiser');

    await assert.rejects(w.meetings.join(alice, info.id, false, new RecordingLink()),
      rejectsWith('meeting-ended'));
    await assert.rejects(w.meetings.join(alice, 'AAAAAAAAAAAAAAAAAAAAAA', false, new RecordingLink()),
      rejectsWith('meeting-unknown'));
    await assert.rejects(w.meetings.resolve(info.callId), rejectsWith('meeting-ended'));
  });

  it('refuses a join when the meeting is full', async () => {
    const w = await world({ maxParticipants: 2 });
    const alice = await w.user('alice', { meetingRight: true });
    const info = await w.meetings.create(alice);
    await w.meetings.join(alice, info.id, false, new RecordingLink());
    await w.meetings.join(await w.user('bob'), info.id, false, new RecordingLink());

    await assert.rejects(w.meetings.join(await w.user('carol'), info.id, false, new RecordingLink()),
      rejectsWith('meeting-full'));
  });

  it('lets a replaced connection do nothing more, not even take the place with it', async () => {
    const w = await world();
    const alice = await w.user('alice', { meetingRight: true });
    const info = await w.meetings.create(alice);
    const old = await w.meetings.join(alice, info.id, false, new RecordingLink());
    const newer = new RecordingLink();
    await w.meetings.join(alice, info.id, false, newer);

    await assert.rejects(old.chat('from the old tab'), rejectsWith('session-replaced'));
    await assert.rejects(old.mute(true), rejectsWith('session-replaced'));
    await old.leave();

    assert.equal(w.meetings.stats().participants, 1, 'the place is still held');
    assert.equal(newer.of('chat.message').length, 0);
    assert.equal(newer.of('participant.left').length, 0);
  });

  it('gives a second connection of the same account the same place, not a ghost', async () => {
    const w = await world();
    const alice = await w.user('alice', { meetingRight: true });
    const info = await w.meetings.create(alice);
    const first = new RecordingLink();
    const second = new RecordingLink();

    const a = await w.meetings.join(alice, info.id, false, first);
    const b = await w.meetings.join(alice, info.id, false, second);

    assert.equal(a.entry.id, b.entry.id);
    assert.equal(second.last('joined')?.participants.length, 1);
    assert.equal(first.closedWith, 4002);
    assert.equal(first.last('error')?.code, 'session-replaced');
  });
});

describe('audio legs', () => {
  it('answers an offer and passes on candidates that came before the answer', async () => {
    const w = await world();
    const alice = await w.user('alice', { meetingRight: true });
    const info = await w.meetings.create(alice);
    const link = new RecordingLink();
    const session = await w.meetings.join(alice, info.id, true, link);

    const offering = session.offer('v=0 offer');
    const early = session.candidate({ candidate: 'candidate:1 1 udp 1 198.18.0.2 5000 typ host' });
    await Promise.all([offering, early]);
    await session.candidate(null);

    assert.equal(link.last('media.answer')?.sdp, `answer-for-${session.entry.id}`);
    const leg = w.audio.legs.get(session.entry.id);
    assert.equal(leg?.muted, true, 'joined muted as asked');
    assert.equal(leg?.candidates.length, 2);
    assert.equal(leg?.candidates[1], null);
  });

  it('drops candidates that come before any offer instead of holding them', async () => {
    const w = await world();
    const alice = await w.user('alice', { meetingRight: true });
    const info = await w.meetings.create(alice);
    const session = await w.meetings.join(alice, info.id, false, new RecordingLink());

    for (let i = 0; i < 500; i++) await session.candidate({ candidate: `candidate:${i}` });
    assert.equal(session.meeting.presence(session.entry.id).pendingCandidates.length, 0);
    await session.offer('v=0');
    await session.candidate(null);

    assert.deepEqual(w.audio.legs.get(session.entry.id)?.candidates, [null]);
  });

  it('mutes the leg on the server and tells everyone', async () => {
    const w = await world();
    const alice = await w.user('alice', { meetingRight: true });
    const info = await w.meetings.create(alice);
    const bobLink = new RecordingLink();
    const a = await w.meetings.join(alice, info.id, false, new RecordingLink());
    await w.meetings.join(await w.user('bob'), info.id, false, bobLink);
    await a.offer('v=0');

    await a.mute(true);

    assert.equal(w.audio.legs.get(a.entry.id)?.muted, true);
    const update = bobLink.last('participant.updated');
    assert.equal(update?.participant.id, a.entry.id);
    assert.equal(update?.participant.muted, true);
  });

  it('shows who speaks from the media server, but never someone muted', async () => {
    const w = await world();
    const alice = await w.user('alice', { meetingRight: true });
    const info = await w.meetings.create(alice);
    const link = new RecordingLink();
    const a = await w.meetings.join(alice, info.id, false, link);
    await a.offer('v=0');

    w.audio.emit('talking', a.entry.id, true);
    assert.equal(link.last('participant.updated')?.participant.speaking, true);

    await a.mute(true);
    w.audio.emit('talking', a.entry.id, true);
    assert.equal(link.last('participant.updated')?.participant.speaking, false);
  });

  it('asks every browser to renegotiate when the media server comes back', async () => {
    const w = await world();
    const alice = await w.user('alice', { meetingRight: true });
    const info = await w.meetings.create(alice);
    const link = new RecordingLink();
    const a = await w.meetings.join(alice, info.id, false, link);
    await a.offer('v=0');
    w.audio.rooms.clear();

    w.audio.emit('lost');
    assert.equal(link.last('participant.updated')?.participant.media, 'reconnecting');
    w.audio.emit('restarted');
    await settle();

    assert.equal(link.of('media.restart').length, 1);
    assert.ok(w.audio.rooms.has(Number(info.callId)), 'room reopened');
    assert.equal(link.last('participant.updated')?.participant.media, 'reconnecting');
    assert.equal(w.meetings.stats().participants, 1, 'nobody was dropped');
  });
});

describe('leaving and ending', () => {
  it('keeps the meeting running for the others when someone leaves', async () => {
    const w = await world();
    const alice = await w.user('alice', { meetingRight: true });
    const info = await w.meetings.create(alice);
    const aliceLink = new RecordingLink();
    const bobLink = new RecordingLink();
    await w.meetings.join(alice, info.id, false, aliceLink);
    const b = await w.meetings.join(await w.user('bob'), info.id, false, bobLink);
    await b.offer('v=0');

    await b.leave();

    assert.equal(bobLink.last('left')?.type, 'left');
    assert.equal(bobLink.closedWith, 1000);
    assert.equal(aliceLink.last('participant.left')?.reason, 'left');
    assert.equal(w.audio.legs.has(b.entry.id), false, 'the audio leg is gone');
    assert.equal((await w.meetings.get(info.id)).state, 'running');
  });

  it('lets only the organiser end the meeting, and tells everyone', async () => {
    const w = await world();
    const alice = await w.user('alice', { meetingRight: true });
    const info = await w.meetings.create(alice);
    const bobLink = new RecordingLink();
    const a = await w.meetings.join(alice, info.id, false, new RecordingLink());
    const b = await w.meetings.join(await w.user('bob'), info.id, false, bobLink);

    await assert.rejects(b.end(), rejectsWith('not-organiser'));
    await a.end();

    assert.equal(bobLink.last('meeting.ended')?.reason, 'ended-by-organiser');
    assert.equal(bobLink.closedWith, 4003);
    assert.equal((await w.meetings.get(info.id)).state, 'ended');
    assert.equal(w.audio.rooms.has(Number(info.callId)), false);
    await assert.rejects(b.chat('too late'), rejectsWith('not-in-meeting'));
  });

  it('keeps the place of someone whose connection dropped, then frees it after the grace', async () => {
    const w = await world({ reconnectGraceSeconds: 0.05 });
    const alice = await w.user('alice', { meetingRight: true });
    const info = await w.meetings.create(alice);
    const aliceLink = new RecordingLink();
    await w.meetings.join(alice, info.id, false, aliceLink);
    const b = await w.meetings.join(await w.user('bob'), info.id, false, new RecordingLink());

    b.disconnected();
    assert.equal(aliceLink.last('participant.updated')?.participant.away, true);
    assert.equal(w.meetings.stats().participants, 2);

    await sleep(120);
    assert.equal(aliceLink.last('participant.left')?.reason, 'disconnected');
    assert.equal(w.meetings.stats().participants, 1);
  });

  it('ends a meeting with nobody left after the grace period', async () => {
    const w = await world({ emptyGraceSeconds: 0.05 });
    const alice = await w.user('alice', { meetingRight: true });
    const info = await w.meetings.create(alice);
    const a = await w.meetings.join(alice, info.id, false, new RecordingLink());
    await a.leave();

    assert.equal((await w.meetings.get(info.id)).state, 'running');
    await sleep(150);
    assert.equal((await w.meetings.get(info.id)).state, 'ended');
  });

  it('keeps running meetings across a server restart', async () => {
    const w = await world();
    const alice = await w.user('alice', { meetingRight: true });
    const info = await w.meetings.create(alice);
    w.meetings.close();

    const repo = new MeetingsRepo(w.db);
    const again = new MeetingsService(repo, new ChatService(repo), w.audio, defaultOptions,
      pino({ level: 'silent' }));
    await again.recover();

    const link = new RecordingLink();
    await again.join(alice, info.id, false, link);
    assert.equal(link.last('joined')?.meeting.callId, info.callId);
    again.close();
  });
});
