import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sendChat, waitForRoster } from './harness/app.js';
import { HEARD, describeAudio, waitUntilHearing } from './harness/audio.js';
import type { TestBrowser } from './harness/browser.js';
import { meetingOfTwo } from './harness/meeting.js';
import { networkSkipReason } from './harness/netns.js';
import { openScene, testUser } from './harness/scene.js';
import type { Scene } from './harness/scene.js';

const alice = testUser('alice', true);
const bob = testUser('bob');

describe('a meeting while the Confab server restarts', { skip: networkSkipReason(), timeout: 300_000 },
  () => {
    let scene: Scene;
    let alicesBrowser: TestBrowser;
    let bobsBrowser: TestBrowser;
    const chatText = `before the restart ${randomBytes(4).toString('hex')}`;

    before(async () => {
      scene = await openScene({ users: [alice, bob] });
      ({ hostBrowser: alicesBrowser, guestBrowser: bobsBrowser } =
        await meetingOfTwo(scene, { host: alice, guest: bob }));
      await sendChat(alicesBrowser.page, chatText);
      await bobsBrowser.page.getByText(chatText).first().waitFor({ timeout: 10_000 });

      await scene.server.restart();
    });

    after(async () => {
      await scene?.close();
    });

    it('brings both back into the meeting, still logged in, hearing each other', async (t) => {
      const atBob = await waitUntilHearing(bobsBrowser.page, 30_000);
      const atAlice = await waitUntilHearing(alicesBrowser.page, 30_000);
      t.diagnostic(`bob hears ${describeAudio(atBob)}; alice hears ${describeAudio(atAlice)}`);
      assert.ok(atBob.energy > HEARD && atAlice.energy > HEARD);
      assert.doesNotMatch(alicesBrowser.page.url(), /\/login/);
      assert.doesNotMatch(bobsBrowser.page.url(), /\/login/);
    });

    it('keeps the roster whole and the chat history', async () => {
      await waitForRoster(alicesBrowser.page, ['alice', 'bob']);
      await waitForRoster(bobsBrowser.page, ['alice', 'bob']);
      await bobsBrowser.page.getByText(chatText).first().waitFor({ timeout: 5000 });

      const health = await scene.server.health();
      assert.equal(health.meetings.running, 1);
      assert.equal(health.meetings.participants, 2);
    });
  });
