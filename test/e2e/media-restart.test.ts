import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitForRoster } from './harness/app.js';
import { HEARD, describeAudio, waitUntilHearing } from './harness/audio.js';
import type { TestBrowser } from './harness/browser.js';
import { meetingOfTwo } from './harness/meeting.js';
import { networkSkipReason } from './harness/netns.js';
import { openScene, testUser } from './harness/scene.js';
import type { Scene } from './harness/scene.js';

const alice = testUser('alice', true);
const bob = testUser('bob');

/** How long people may go without sound after the media server dies, in milliseconds. */
const RECOVERY_MS = 15_000;

describe('two participants when the media server dies', { skip: networkSkipReason(), timeout: 300_000 },
  () => {
    let scene: Scene;
    let alicesBrowser: TestBrowser;
    let bobsBrowser: TestBrowser;
    let killedPid: number | undefined;

    before(async () => {
      scene = await openScene({ users: [alice, bob] });
      // The meeting as the other spec file checks it: started, joined by call ID, audio both ways.
      ({ hostBrowser: alicesBrowser, guestBrowser: bobsBrowser } =
        await meetingOfTwo(scene, { host: alice, guest: bob, joinBy: 'callId' }));
    });

    after(async () => {
      await scene?.close();
    });

    it('brings the audio back both ways within seconds after Janus is killed', async (t) => {
      t.diagnostic(`logs: ${scene.server.logFile} and the browser logs beside it`);
      const killedAt = Date.now();

      killedPid = await scene.server.killJanus();

      const atBob = await waitUntilHearing(bobsBrowser.page, RECOVERY_MS);
      const left = Math.max(RECOVERY_MS - (Date.now() - killedAt), 1);
      const atAlice = await waitUntilHearing(alicesBrowser.page, left);
      const seconds = (Date.now() - killedAt) / 1000;
      t.diagnostic(`both hear each other again ${seconds.toFixed(1)} s after the kill`);
      t.diagnostic(`bob hears ${describeAudio(atBob)}; alice hears ${describeAudio(atAlice)}`);
      assert.ok(atBob.energy > HEARD, describeAudio(atBob));
      assert.ok(atAlice.energy > HEARD, describeAudio(atAlice));
    });

    it('runs a new Janus and counts the restart on /healthz', async () => {
      assert.ok(killedPid !== undefined, 'needs the kill of the previous step');

      const health = await scene.server.waitForJanus({ notPid: killedPid, timeoutMs: 5000 });

      assert.notEqual(health.janus.pid, killedPid);
      assert.ok(health.janus.restarts >= 1, `restarts: ${health.janus.restarts}`);
      assert.equal(health.meetings.running, 1, 'the meeting survived');
      assert.equal(health.meetings.participants, 2, 'with both participants and no ghost');
    });

    it('still lists both participants in both windows', async () => {
      assert.ok(killedPid !== undefined, 'needs the kill of the first step');

      // Immediately, not eventually: the roster must not have lost anyone on the way.
      await waitForRoster(alicesBrowser.page, ['alice', 'bob'], 1000);
      await waitForRoster(bobsBrowser.page, ['alice', 'bob'], 1000);
    });
  });
