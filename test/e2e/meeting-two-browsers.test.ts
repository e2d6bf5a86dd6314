import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  endMeeting, isShownMuted, isShownSpeaking, joinMeeting, leaveButton, logIn, meetNow, microphoneButton,
  readMeetingInfo, sendChat, submitJoin, waitForRoster,
} from './harness/app.js';
import { HEARD, SILENT, describeAudio, waitUntilHearing, waitUntilSilent } from './harness/audio.js';
import type { TestBrowser } from './harness/browser.js';
import { networkSkipReason } from './harness/netns.js';
import { openScene, testUser } from './harness/scene.js';
import type { Scene } from './harness/scene.js';
import { eventually } from './harness/wait.js';

const alice = testUser('alice', true);
const bob = testUser('bob');
const carol = testUser('carol');

describe('two participants in one meeting', { skip: networkSkipReason(), timeout: 420_000 }, () => {
  let scene: Scene;
  let alicesBrowser: TestBrowser;
  let bobsBrowser: TestBrowser;
  let carolsBrowser: TestBrowser | undefined;
  let meeting: { meetingId: string; callId: string } | undefined;
  let joined = false;
  const chatText = `hello from alice ${randomBytes(4).toString('hex')}`;

  before(async () => {
    scene = await openScene({ users: [alice, bob, carol] });
    alicesBrowser = await scene.openBrowser('alice', 'tone-440');
    bobsBrowser = await scene.openBrowser('bob', 'tone-660');
  });

  after(async () => {
    await scene?.close();
  });

  it('starts a meeting at /meet/<meeting ID> when alice presses Meet now', async (t) => {
    t.diagnostic(`logs: ${scene.server.logFile} and the browser logs beside it`);
    await logIn(alicesBrowser.page, scene.server.origin, alice);

    const urlId = await meetNow(alicesBrowser.page);
    meeting = await readMeetingInfo(alicesBrowser.page);

    assert.equal(meeting.meetingId, urlId, 'the info dialog shows the meeting ID of the address');
    assert.match(meeting.callId, /^[1-9]\d{8}$/);
  });

  it('lets bob join by typing the call ID into Join a meeting', async () => {
    assert.ok(meeting, 'needs the meeting alice started');
    await logIn(bobsBrowser.page, scene.server.origin, bob);

    const joinedId = await joinMeeting(bobsBrowser.page, meeting.callId);

    assert.equal(joinedId, meeting.meetingId);
    joined = true;
  });

  it('lists both participants in both windows', async () => {
    assert.ok(joined, 'needs bob in the meeting');

    await waitForRoster(alicesBrowser.page, ['alice', 'bob']);
    await waitForRoster(bobsBrowser.page, ['alice', 'bob']);
  });

  it('lets each of them hear the other', async (t) => {
    assert.ok(joined, 'needs bob in the meeting');

    const atBob = await waitUntilHearing(bobsBrowser.page, 20_000);
    const atAlice = await waitUntilHearing(alicesBrowser.page, 20_000);
    t.diagnostic(`bob hears ${describeAudio(atBob)}; alice hears ${describeAudio(atAlice)}`);

    assert.ok(atBob.energy > HEARD, describeAudio(atBob));
    assert.ok(atAlice.energy > HEARD, describeAudio(atAlice));
  });

  it('shows each of them speaking in the other\'s list while their tone plays', async () => {
    assert.ok(joined, 'needs bob in the meeting');

    // The speaking state comes from Janus's talking events for alice's leg, through the server.
    await eventually(async () => assert.ok(await isShownSpeaking(bobsBrowser.page, 'alice'),
      'bob\'s list shows alice speaking'), { timeoutMs: 10_000 });
    await eventually(async () => assert.ok(await isShownSpeaking(alicesBrowser.page, 'bob'),
      'alice\'s list shows bob speaking'), { timeoutMs: 10_000 });
  });

  it('silences alice for bob when she turns her microphone off, and shows her muted', async (t) => {
    assert.ok(joined, 'needs bob in the meeting');
    const microphone = microphoneButton(alicesBrowser.page);
    const pressedBefore = await microphone.getAttribute('aria-pressed');

    await microphone.click();

    const atBob = await waitUntilSilent(bobsBrowser.page);
    t.diagnostic(`bob hears ${describeAudio(atBob)}`);
    assert.ok(atBob.energy < SILENT, describeAudio(atBob));
    const pressedAfter = await microphone.getAttribute('aria-pressed');
    assert.notEqual(pressedAfter, pressedBefore, 'the Microphone toggle changed state');
    await eventually(async () => assert.ok(await isShownMuted(bobsBrowser.page, 'alice'),
      'bob\'s list shows alice muted'), { timeoutMs: 5000 });
    assert.equal(await isShownSpeaking(bobsBrowser.page, 'alice'), false, 'a muted alice is not speaking');
    const atAlice = await waitUntilHearing(alicesBrowser.page, 5000);
    assert.ok(atAlice.energy > HEARD, `alice still hears bob: ${describeAudio(atAlice)}`);
  });

  it('lets bob hear alice again when she turns her microphone back on', async () => {
    assert.ok(joined, 'needs bob in the meeting');

    await microphoneButton(alicesBrowser.page).click();

    const atBob = await waitUntilHearing(bobsBrowser.page, 10_000);
    assert.ok(atBob.energy > HEARD, describeAudio(atBob));
    await eventually(async () => assert.ok(!(await isShownMuted(bobsBrowser.page, 'alice')),
      'bob\'s list still shows alice muted'), { timeoutMs: 5000 });
  });

  it('shows bob the chat message alice sends', async () => {
    assert.ok(joined, 'needs bob in the meeting');

    await sendChat(alicesBrowser.page, chatText);

    await bobsBrowser.page.getByText(chatText).first().waitFor({ timeout: 10_000 });
  });

  it('shows the chat history to carol, who joins late by the meeting ID', async () => {
    assert.ok(meeting && joined, 'needs the meeting with alice and bob');
    carolsBrowser = await scene.openBrowser('carol', 'silence');
    await logIn(carolsBrowser.page, scene.server.origin, carol);

    await joinMeeting(carolsBrowser.page, meeting.meetingId);

    await carolsBrowser.page.getByText(chatText).first().waitFor({ timeout: 10_000 });
    await waitForRoster(alicesBrowser.page, ['alice', 'bob', 'carol']);
    assert.equal(await isShownMuted(alicesBrowser.page, 'carol'), false, 'carol joined with her microphone on');
    // Carol's microphone plays silence: Janus never hears her talk.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    assert.equal(await isShownSpeaking(alicesBrowser.page, 'carol'), false, 'silent carol is not speaking');
  });

  it('lets carol rejoin with the microphone she turned off before joining', async () => {
    assert.ok(meeting && carolsBrowser, 'needs carol in the meeting');
    const page = carolsBrowser.page;
    await leaveButton(page).click();
    await page.getByText('You left the meeting').waitFor({ timeout: 10_000 });
    await page.goto(`${scene.server.origin}/`);

    const homeSwitch = microphoneButton(page);
    if (await homeSwitch.getAttribute('aria-pressed') === 'true') await homeSwitch.click();
    assert.equal(await homeSwitch.getAttribute('aria-pressed'), 'false');
    await joinMeeting(page, meeting.meetingId);

    assert.equal(await microphoneButton(page).getAttribute('aria-pressed'), 'false');
    await eventually(async () => assert.ok(await isShownMuted(alicesBrowser.page, 'carol'),
      'alice\'s list shows carol muted'), { timeoutMs: 10_000 });
  });

  it('tells bob the meeting is over when alice ends it for everyone', async () => {
    assert.ok(joined, 'needs bob in the meeting');

    await endMeeting(alicesBrowser.page);

    await bobsBrowser.page.getByText(/has ended/i).first().waitFor({ timeout: 10_000 });
    await leaveButton(bobsBrowser.page).waitFor({ state: 'detached', timeout: 5000 });
  });

  it('refuses to join the ended meeting by its call ID, saying it has ended', async () => {
    assert.ok(meeting, 'needs the meeting alice started');
    await bobsBrowser.page.goto(`${scene.server.origin}/`);

    await submitJoin(bobsBrowser.page, meeting.callId);

    await bobsBrowser.page.getByText(/has ended/i).first().waitFor({ timeout: 10_000 });
    assert.equal(await leaveButton(bobsBrowser.page).count(), 0, 'bob is not in a meeting');
  });
});
