import { joinMeeting, logIn, meetNow, readMeetingInfo } from './app.js';
import { waitUntilHearing } from './audio.js';
import type { TestBrowser } from './browser.js';
import type { Fixture } from './paths.js';
import type { Scene } from './scene.js';
import type { TestUser } from './server.js';

export interface MeetingOfTwo {
  hostBrowser: TestBrowser;
  guestBrowser: TestBrowser;
  meetingId: string;
  callId: string;
}

/**
 * The usual start of a spec: the host logs in and presses "Meet now" (microphone playing 440 Hz),
 * the guest logs in and joins by typing the meeting ID or the call ID, and, unless told otherwise,
 * both hear each other before the spec goes on.
 */
export async function meetingOfTwo(scene: Scene, people: {
  host: TestUser;
  guest: TestUser;
  guestTone?: Fixture | 'refused';
  joinBy?: 'meetingId' | 'callId';
  waitForAudio?: boolean;
}): Promise<MeetingOfTwo> {
  const hostBrowser = await scene.openBrowser(people.host.username, 'tone-440');
  const guestBrowser = await scene.openBrowser(people.guest.username, people.guestTone ?? 'tone-660');

  await logIn(hostBrowser.page, scene.server.origin, people.host);
  await meetNow(hostBrowser.page);
  const { meetingId, callId } = await readMeetingInfo(hostBrowser.page);
  await logIn(guestBrowser.page, scene.server.origin, people.guest);
  await joinMeeting(guestBrowser.page, people.joinBy === 'callId' ? callId : meetingId);

  if (people.waitForAudio ?? true) {
    await waitUntilHearing(guestBrowser.page, 20_000);
    await waitUntilHearing(hostBrowser.page, 20_000);
  }
  return { hostBrowser, guestBrowser, meetingId, callId };
}
