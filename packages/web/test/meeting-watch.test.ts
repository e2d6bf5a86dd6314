import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import type { MeetingInfo } from '@confab/protocol';
import { watchMeeting } from '../src/meeting/meeting-watch.js';

const INTERVAL = 10_000;

function meeting(state: MeetingInfo['state']): MeetingInfo {
  return {
    id: 'AbCdEfGhIjKlMnOpQrStUv', callId: '123456789', title: 'Alice’s meeting', organiserId: 1,
    organiserName: 'Alice', state, url: 'http://127.0.0.1/meet/AbCdEfGhIjKlMnOpQrStUv',
    sipAddress: null, phoneNumber: null, createdAt: '2025-01-01T10:00:00Z',
    endedAt: state === 'ended' ? '2025-01-01T11:00:00Z' : null,
  };
}

/** Lets the promise callbacks of a resolved fetch run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the pre-join screen’s meeting watch', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setInterval'] }));
  afterEach(() => mock.timers.reset());

  it('asks again every ten seconds and reports what it got', async () => {
    let calls = 0;
    const seen: string[] = [];
    const stop = watchMeeting({
      fetchMeeting: () => {
        calls += 1;
        return Promise.resolve(meeting('running'));
      },
      onMeeting: (m) => seen.push(m.state),
      events: new EventTarget(),
      isVisible: () => true,
      intervalMs: INTERVAL,
    });

    mock.timers.tick(INTERVAL - 1);
    await settle();
    assert.equal(calls, 0, 'not before the interval');

    mock.timers.tick(1);
    await settle();
    mock.timers.tick(INTERVAL);
    await settle();
    assert.equal(calls, 2);
    assert.deepEqual(seen, ['running', 'running']);
    stop();
  });

  it('refreshes when the window regains focus, and stops once the meeting has ended', async () => {
    const events = new EventTarget();
    let calls = 0;
    const seen: string[] = [];
    watchMeeting({
      fetchMeeting: () => {
        calls += 1;
        return Promise.resolve(meeting('ended'));
      },
      onMeeting: (m) => seen.push(m.state),
      events,
      isVisible: () => true,
      intervalMs: INTERVAL,
    });

    events.dispatchEvent(new Event('focus'));
    await settle();
    assert.deepEqual(seen, ['ended']);

    events.dispatchEvent(new Event('focus'));
    events.dispatchEvent(new Event('visibilitychange'));
    mock.timers.tick(INTERVAL * 3);
    await settle();
    assert.equal(calls, 1, 'no request after the end');
  });

  it('sends one request at a time and none while the page is hidden', async () => {
    const events = new EventTarget();
    let visible = false;
    let calls = 0;
    let answer: (m: MeetingInfo) => void = () => undefined;
    const stop = watchMeeting({
      fetchMeeting: () => {
        calls += 1;
        return new Promise((resolve) => {
          answer = resolve;
        });
      },
      onMeeting: () => undefined,
      events,
      isVisible: () => visible,
      intervalMs: INTERVAL,
    });

    mock.timers.tick(INTERVAL);
    assert.equal(calls, 0, 'hidden page');

    visible = true;
    events.dispatchEvent(new Event('visibilitychange'));
    events.dispatchEvent(new Event('focus'));
    mock.timers.tick(INTERVAL);
    assert.equal(calls, 1, 'one request in flight');

    answer(meeting('running'));
    await settle();
    events.dispatchEvent(new Event('focus'));
    assert.equal(calls, 2);
    stop();
  });

  it('keeps quiet about a failed refresh and tries again on the next tick', async () => {
    let calls = 0;
    const seen: string[] = [];
    const stop = watchMeeting({
      fetchMeeting: () => {
        calls += 1;
        if (calls === 1) return Promise.reject(new Error('network'));
        return Promise.resolve(meeting('running'));
      },
      onMeeting: (m) => seen.push(m.state),
      events: new EventTarget(),
      isVisible: () => true,
      intervalMs: INTERVAL,
    });

    mock.timers.tick(INTERVAL);
    await settle();
    assert.deepEqual(seen, []);

    mock.timers.tick(INTERVAL);
    await settle();
    assert.deepEqual(seen, ['running']);
    stop();
  });

  it('asks nothing more once stopped', async () => {
    const events = new EventTarget();
    let calls = 0;
    const stop = watchMeeting({
      fetchMeeting: () => {
        calls += 1;
        return Promise.resolve(meeting('running'));
      },
      onMeeting: () => undefined,
      events,
      isVisible: () => true,
      intervalMs: INTERVAL,
    });

    stop();
    mock.timers.tick(INTERVAL * 2);
    events.dispatchEvent(new Event('focus'));
    await settle();
    assert.equal(calls, 0);
  });
});
