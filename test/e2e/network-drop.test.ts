import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { participantTexts, waitForRoster } from './harness/app.js';
import { HEARD, describeAudio, waitUntilHearing } from './harness/audio.js';
import type { TestBrowser } from './harness/browser.js';
import { meetingOfTwo } from './harness/meeting.js';
import { networkSkipReason } from './harness/netns.js';
import { openScene, testUser } from './harness/scene.js';
import type { Scene } from './harness/scene.js';
import { sleep } from './harness/wait.js';

const alice = testUser('alice', true);
const bob = testUser('bob');

/**
 * Longer than it takes the server to give up on a silent socket (a missed pong at its 15 s
 * heartbeat: 30 s at most) and shorter than the reconnect grace set below: the sockets die, the
 * places are kept, and the browsers must join again on new sockets.
 */
const DROP_MS = 35_000;
const RECONNECT_GRACE_SECONDS = 90;

describe('two participants whose network drops for a while', { skip: networkSkipReason(), timeout: 360_000 },
  () => {
    let scene: Scene;
    let alicesBrowser: TestBrowser;
    let bobsBrowser: TestBrowser;

    before(async () => {
      scene = await openScene({
        users: [alice, bob], env: { CONFAB_RECONNECT_GRACE: String(RECONNECT_GRACE_SECONDS) },
      });
      ({ hostBrowser: alicesBrowser, guestBrowser: bobsBrowser } =
        await meetingOfTwo(scene, { host: alice, guest: bob }));

      await scene.network.setClientLink(false);
      await sleep(DROP_MS);
      await scene.network.setClientLink(true);
    });

    after(async () => {
      await scene?.close();
    });

    it('brings the audio back both ways once the network is back', async (t) => {
      const atBob = await waitUntilHearing(bobsBrowser.page, 30_000);
      const atAlice = await waitUntilHearing(alicesBrowser.page, 30_000);
      t.diagnostic(`bob hears ${describeAudio(atBob)}; alice hears ${describeAudio(atAlice)}`);
      assert.ok(atBob.energy > HEARD && atAlice.energy > HEARD);
    });

    it('keeps each of them once in both lists, with no ghost entry', async () => {
      await waitForRoster(alicesBrowser.page, ['alice', 'bob']);
      await waitForRoster(bobsBrowser.page, ['alice', 'bob']);
      assert.equal((await participantTexts(alicesBrowser.page)).length, 2);
      assert.equal((await participantTexts(bobsBrowser.page)).length, 2);

      const health = await scene.server.health();
      assert.equal(health.meetings.participants, 2);
      const rejoins = scene.server.logTail(2000).split('\n')
        .filter((line) => line.includes('"rejoin":true')).length;
      assert.equal(rejoins, 2, 'both came back on new connections into their own places');
    });
  });
