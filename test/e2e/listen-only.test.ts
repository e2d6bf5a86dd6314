import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isShownMuted, waitForRoster } from './harness/app.js';
import { HEARD, describeAudio, measureReceivedAudio, waitUntilHearing } from './harness/audio.js';
import type { TestBrowser } from './harness/browser.js';
import { meetingOfTwo } from './harness/meeting.js';
import { networkSkipReason } from './harness/netns.js';
import { openScene, testUser } from './harness/scene.js';
import type { Scene } from './harness/scene.js';
import { eventually } from './harness/wait.js';

const alice = testUser('alice', true);
const dave = testUser('dave');

describe('a participant who refuses the microphone', { skip: networkSkipReason(), timeout: 240_000 }, () => {
  let scene: Scene;
  let alicesBrowser: TestBrowser;
  let davesBrowser: TestBrowser;

  before(async () => {
    scene = await openScene({ users: [alice, dave] });
    ({ hostBrowser: alicesBrowser, guestBrowser: davesBrowser } = await meetingOfTwo(scene, {
      host: alice, guest: dave, guestTone: 'refused', waitForAudio: false,
    }));
  });

  after(async () => {
    await scene?.close();
  });

  it('is told why the others cannot hear them, with a way to try again', async () => {
    const page = davesBrowser.page;
    await page.getByText('Confab may not use your microphone', { exact: false })
      .waitFor({ timeout: 15_000 });
    assert.ok(await page.getByRole('button', { name: 'Try again' }).isVisible());
  });

  it('still hears the meeting', async () => {
    const heard = await waitUntilHearing(davesBrowser.page);
    assert.ok(heard.energy > HEARD, describeAudio(heard));
  });

  it('is listed as muted, and the others hear nothing from them', async () => {
    await waitForRoster(alicesBrowser.page, ['alice', 'dave']);
    await eventually(async () => {
      assert.ok(await isShownMuted(alicesBrowser.page, 'dave'), 'dave shows as muted at alice');
    }, { timeoutMs: 10_000 });

    // Alice's mix holds only dave, who sends nothing: Janus still sends packets, all silence.
    const atAlice = await measureReceivedAudio(alicesBrowser.page);
    assert.ok(atAlice.energy < HEARD, describeAudio(atAlice));
  });
});
