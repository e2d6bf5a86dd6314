import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { joinMeeting, logIn, meetNow, readMeetingInfo } from './harness/app.js';
import { HEARD, describeAudio, waitUntilHearing } from './harness/audio.js';
import type { TestBrowser } from './harness/browser.js';
import { networkSkipReason } from './harness/netns.js';
import { openScene, testUser } from './harness/scene.js';
import type { Scene } from './harness/scene.js';

const alice = testUser('alice', true);
const bob = testUser('bob');

// Browsers give the microphone only to secure origins; a real deployment is reached over HTTPS at
// an address other than localhost, which is what this scene is: no insecure-origin exception.
describe('a meeting over HTTPS', { skip: networkSkipReason(), timeout: 240_000 }, () => {
  let scene: Scene;
  let alicesBrowser: TestBrowser;
  let bobsBrowser: TestBrowser;

  before(async () => {
    scene = await openScene({ users: [alice, bob], tls: true });
    alicesBrowser = await scene.openBrowser('alice', 'tone-440');
    bobsBrowser = await scene.openBrowser('bob', 'tone-660');
  });

  after(async () => {
    await scene?.close();
  });

  it('serves the application and the WebSocket over TLS', async () => {
    assert.match(scene.server.origin, /^https:\/\//);
    await logIn(alicesBrowser.page, scene.server.origin, alice);
    await meetNow(alicesBrowser.page);
    const { meetingId } = await readMeetingInfo(alicesBrowser.page);
    await logIn(bobsBrowser.page, scene.server.origin, bob);
    await joinMeeting(bobsBrowser.page, meetingId);
  });

  it('gets both microphones and carries audio both ways', async () => {
    const atBob = await waitUntilHearing(bobsBrowser.page, 20_000);
    const atAlice = await waitUntilHearing(alicesBrowser.page, 20_000);
    assert.ok(atBob.energy > HEARD, describeAudio(atBob));
    assert.ok(atAlice.energy > HEARD, describeAudio(atAlice));
  });

  it('marks the session cookie Secure', async () => {
    const cookies = await alicesBrowser.context.cookies(scene.server.origin);
    const session = cookies.find((cookie) => cookie.name === 'confab_session');
    assert.equal(session?.secure, true);
  });
});
