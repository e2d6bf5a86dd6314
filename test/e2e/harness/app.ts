import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import type { TestUser } from './server.js';
import { eventually } from './wait.js';

// The application is driven only by what a person sees: roles and accessible names.

const MEETING_PATH = /\/meet\/([A-Za-z0-9_-]{22})(?:[/?#]|$)/;
const UI_TIMEOUT = 15_000;

/** Opens the origin and logs in through the login page; resolves on the home page. */
export async function logIn(page: Page, origin: string, user: TestUser): Promise<void> {
  await page.goto(`${origin}/`);
  await page.getByLabel('Username', { exact: true }).fill(user.username);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await joinAMeeting(page).waitFor({ timeout: UI_TIMEOUT });
}

/** Presses "Meet now" and waits until the meeting window is up; returns the meeting ID. */
export async function meetNow(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Meet now', exact: true }).click();
  return enterMeeting(page);
}

/** Types a meeting ID or call ID into "Join a meeting" and presses "Join" (from the home page). */
export async function submitJoin(page: Page, reference: string): Promise<void> {
  const field = page.getByRole('textbox', { name: 'Meeting ID', exact: true });
  if (!(await field.isVisible())) await joinAMeeting(page).click();
  await field.fill(reference);
  await page.getByRole('button', { name: 'Join', exact: true }).click();
}

/** Joins by meeting ID or call ID from the home page and waits for the meeting window. */
export async function joinMeeting(page: Page, reference: string): Promise<string> {
  await submitJoin(page, reference);
  return enterMeeting(page);
}

/** Reads the meeting ID and the 9-digit call ID from the "Meeting info" dialog, then closes it. */
export async function readMeetingInfo(page: Page): Promise<{ meetingId: string; callId: string }> {
  await page.getByRole('button', { name: 'Meeting info', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor({ timeout: UI_TIMEOUT });
  const text = await dialog.innerText();
  await closeDialog(page, dialog);

  // The call ID may be grouped for reading ("123 456 789"); the meeting ID is 22 base64url
  // characters, so a digit run inside it must not count.
  const call = /(?<![A-Za-z0-9_-])([1-9]\d{2})[\s.-]?(\d{3})[\s.-]?(\d{3})(?![A-Za-z0-9_-])/.exec(text);
  const meeting = /(?<![A-Za-z0-9_-])([A-Za-z0-9_-]{22})(?![A-Za-z0-9_-])/.exec(text);
  if (!call || !meeting?.[1]) throw new Error(`no meeting ID and call ID in the info dialog: ${text}`);
  return { meetingId: meeting[1], callId: `${call[1]}${call[2]}${call[3]}` };
}

/** The "Participants" list of the meeting window. */
export function participantsList(page: Page): Locator {
  return page.getByRole('list', { name: 'Participants' });
}

/** The list entry of the participant whose name contains `name`. */
export function participantEntry(page: Page, name: string): Locator {
  return participantsList(page).getByRole('listitem').filter({ hasText: new RegExp(name, 'i') });
}

/** The visible text of every entry of the participant list. */
export async function participantTexts(page: Page): Promise<string[]> {
  return participantsList(page).getByRole('listitem').allInnerTexts();
}

/**
 * Waits until the participant list names exactly `names` (in any order, by substring, ignoring
 * case); throws what the list showed last.
 */
export async function waitForRoster(
  page: Page, names: readonly string[], timeoutMs = 15_000,
): Promise<void> {
  await eventually(async () => {
    const texts = (await participantTexts(page)).map((text) => text.toLowerCase());
    const shown = `the list shows ${JSON.stringify(texts)}`;
    for (const name of names) assert.ok(texts.some((text) => text.includes(name)), shown);
    assert.equal(texts.length, names.length, shown);
  }, { timeoutMs });
}

/** Whether a participant's entry shows them muted (a "Muted" text, label, title or icon). */
export async function isShownMuted(page: Page, name: string): Promise<boolean> {
  const entry = participantEntry(page, name);
  const marks = entry.getByText('Muted', { exact: true })
    .or(entry.getByLabel('Muted', { exact: true }))
    .or(entry.getByTitle('Muted', { exact: true }))
    .or(entry.getByRole('img', { name: 'Muted', exact: true }));
  return (await marks.count()) > 0;
}

/** Whether a participant's entry says they are speaking (its "Speaking" text, visible or not). */
export async function isShownSpeaking(page: Page, name: string): Promise<boolean> {
  // Text runs together without spaces ("In the browserSpeaking"), so no word boundaries here.
  const text = await participantEntry(page, name).textContent();
  return (text ?? '').includes('Speaking');
}

/** The meeting window's "Microphone" toggle. */
export function microphoneButton(page: Page): Locator {
  return page.getByRole('button', { name: 'Microphone', exact: true });
}

/** Sends a public chat message from the meeting window. */
export async function sendChat(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Message', exact: true }).fill(text);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
}

/** Presses "End meeting", and "End for everyone" when the application asks to confirm. */
export async function endMeeting(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'End meeting', exact: true }).click();
  const confirm = page.getByRole('button', { name: 'End for everyone', exact: true });
  try {
    await confirm.waitFor({ timeout: 3000 });
  } catch {
    // No confirmation step: the meeting ends at once.
    return;
  }
  await confirm.click();
}

/** The meeting window's "Leave" button, which is there exactly while one is in the meeting. */
export function leaveButton(page: Page): Locator {
  return page.getByRole('button', { name: 'Leave', exact: true });
}

/** Closes a dialog with Escape, or with its "Close" button when Escape does not. */
async function closeDialog(page: Page, dialog: Locator): Promise<void> {
  await page.keyboard.press('Escape');
  try {
    await dialog.waitFor({ state: 'hidden', timeout: 2000 });
  } catch {
    await dialog.getByRole('button', { name: 'Close', exact: true }).first().click();
    await dialog.waitFor({ state: 'hidden', timeout: 5000 });
  }
}

function joinAMeeting(page: Page): Locator {
  return page.getByRole('button', { name: 'Join a meeting', exact: true })
    .or(page.getByRole('link', { name: 'Join a meeting', exact: true }))
    .or(page.getByRole('heading', { name: 'Join a meeting', exact: true }))
    .first();
}

/**
 * Waits for a /meet/<id> address, passes a "Ready to join?" step if the application shows one,
 * and resolves once the meeting window (its "Leave" button) is up.
 */
async function enterMeeting(page: Page): Promise<string> {
  await page.waitForURL(MEETING_PATH, { timeout: UI_TIMEOUT });
  const meetingId = MEETING_PATH.exec(page.url())?.[1];
  if (meetingId === undefined) throw new Error(`not a meeting address: ${page.url()}`);

  const join = page.getByRole('button', { name: 'Join', exact: true });
  await leaveButton(page).or(join).first().waitFor({ timeout: UI_TIMEOUT });
  if (await join.isVisible()) await join.click();
  await leaveButton(page).waitFor({ timeout: UI_TIMEOUT });
  return meetingId;
}
