import type { ErrorCode } from '@confab/protocol';

/** Failures the browser detects itself, translated like the server's error codes. */
export type ClientErrorCode = 'network' | 'offline' | 'bad-reference' | 'unexpected-answer';

/** Every visible string of the application. Placeholders are written `{name}`. */
export const en = {
  'app.name': 'Confab',
  'app.language': 'Language',
  'app.skipToContent': 'Skip to content',

  'login.title': 'Log in to Confab',
  'login.subtitle': 'Voice meetings from your browser.',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Log in',
  'login.submitting': 'Logging in…',

  'home.greeting.morning': 'Good morning, {name}',
  'home.greeting.afternoon': 'Good afternoon, {name}',
  'home.greeting.evening': 'Good evening, {name}',
  'home.lead': 'Start a voice meeting in one click, or join one with its ID or call ID.',
  'home.leadJoinOnly': 'Join a voice meeting with its ID, its call ID or the link you were sent.',
  'home.meetNow': 'Meet now',
  'home.starting': 'Starting…',
  'home.joinMeeting': 'Join a meeting',
  'home.meetingId': 'Meeting ID',
  'home.meetingIdHint': 'A meeting ID, a 9-digit call ID or a meeting link.',
  'home.join': 'Join',
  'home.joining': 'Looking up…',
  'home.cancel': 'Cancel',
  'home.noMeetingRight': 'Your account may join meetings but not start them.',
  // The title "Meet now" gives a meeting. French writes "de" before a consonant and "d’" before a
  // vowel sound, so each language has both forms; English uses the same text for both.
  'home.meetingTitle': '{name}’s meeting',
  'home.meetingTitleElided': '{name}’s meeting',
  'home.dialIn.title': 'Joining by phone',
  'home.dialIn.body': 'Call {address} and type the meeting’s call ID followed by #.',
  'home.dialIn.number': 'Or dial {number}.',
  'home.tip.title': 'Before you join',
  'home.tip.body': 'Use headphones for the clearest sound. You can turn your microphone off now and on again in the meeting.',

  'user.menu': 'Account',
  'user.logout': 'Log out',

  'mic.label': 'Microphone',
  'mic.on': 'Microphone on',
  'mic.off': 'Microphone off',
  'mic.joinOn': 'You will join with your microphone on.',
  'mic.joinOff': 'You will join with your microphone off.',
  'mic.asking': 'Your browser asks for your microphone so that the others can hear you.',
  'mic.denied': 'Confab may not use your microphone, so the others cannot hear you. You can still listen. Allow the microphone in your browser’s site settings (the icon beside the address), then try again.',
  'mic.missing': 'No microphone was found. You are listening only; plug one in and try again to speak.',
  'mic.busy': 'Your microphone is in use by another application or could not start. You can still listen.',
  'mic.insecure': 'The browser only offers the microphone on secure (https) pages. You can still listen.',
  'mic.retry': 'Try again',
  'mic.listenOnly': 'Listen only',

  'speaker.label': 'Speaker',
  'speaker.on': 'Speaker on',
  'speaker.off': 'Speaker off — you hear nothing',

  'prejoin.organisedBy': 'Organised by {name}',
  'prejoin.join': 'Join',
  'prejoin.ready': 'Ready to join?',
  'prejoin.loading': 'Looking up the meeting…',
  'prejoin.cannotJoin': 'You cannot join this meeting',

  'meeting.participants': 'Participants',
  'meeting.participantCount.one': '{count} participant',
  'meeting.participantCount.other': '{count} participants',
  'meeting.you': '(you)',
  'meeting.role.organiser': 'Organiser',
  'meeting.role.moderator': 'Moderator',
  'meeting.kind.phone': 'By phone',
  'meeting.kind.browser': 'In the browser',
  'meeting.speaking': 'Speaking',
  'meeting.muted': 'Muted',
  'meeting.reconnecting': 'Reconnecting',
  'meeting.connecting': 'Connecting',
  'meeting.info': 'Meeting info',
  'meeting.leave': 'Leave',
  'meeting.end': 'End meeting',
  'meeting.endConfirm.title': 'End the meeting for everyone?',
  'meeting.endConfirm.body': 'Everyone will be disconnected, phone callers included. The meeting cannot be started again.',
  'meeting.endConfirm.confirm': 'End for everyone',
  'meeting.endConfirm.cancel': 'Keep meeting',
  'meeting.chat': 'Chat',
  'meeting.people': 'People',
  'meeting.joining': 'Joining the meeting…',
  'meeting.banner.reconnecting': 'Connection lost. Reconnecting…',
  'meeting.banner.audio': 'Restoring the audio…',
  'meeting.banner.autoplay': 'Your browser held back the sound.',
  'meeting.banner.autoplayButton': 'Play sound',
  'meeting.banner.listenOnly': 'You are listening only.',

  'chat.title': 'Chat',
  'chat.empty': 'No messages yet. Say hello!',
  'chat.message': 'Message',
  'chat.placeholder': 'Write to everyone',
  'chat.send': 'Send',
  'chat.close': 'Close chat',

  'info.title': 'Meeting info',
  'info.link': 'Link',
  'info.meetingId': 'Meeting ID',
  'info.callId': 'Call ID',
  'info.sip': 'SIP address',
  'info.phone': 'Phone number',
  'info.copy': 'Copy {what}',
  'info.copied': 'Copied',
  'info.close': 'Close',
  'info.phoneHowTo': 'Phone callers dial in and type the call ID followed by #.',

  'end.ended': 'The meeting has ended',
  'end.endedByOrganiser': 'The organiser ended the meeting for everyone.',
  'end.endedEmpty': 'Everyone had left.',
  'end.left': 'You left the meeting',
  'end.leftBody': 'The meeting goes on for the others.',
  'end.leftAlone': 'No one else was in it. It ends in a moment unless someone joins.',
  'end.replaced': 'You opened this meeting in another window',
  'end.replacedBody': 'Only one window per account can be in a meeting.',
  'end.rejoin': 'Rejoin',
  'end.home': 'Back to home',

  'notFound.title': 'Nothing is here',
  'notFound.body': 'This address does not lead to a page of Confab.',

  'errors.title': 'Something went wrong',
} as const;

export type MessageKey = keyof typeof en;

/** A catalogue must translate every key; a missing one is a type error. */
export type Catalogue = Record<MessageKey, string>;

/** The texts of every error code, the server's and the browser's. */
export type ErrorCatalogue = Record<ErrorCode | ClientErrorCode, string>;

export const enErrors: ErrorCatalogue = {
  'bad-request': 'The request was not understood. Reload the page and try again.',
  'too-large': 'That is too large for the server. Try again with less.',
  'unsupported-media-type': 'The server did not understand what this page sent. Reload the page.',
  unauthenticated: 'You need to log in.',
  'bad-credentials': 'Wrong username or password.',
  'too-many-attempts': 'Too many attempts. Wait a moment, then try again.',
  'slow-down': 'You are sending too fast. Wait a moment, then try again.',
  forbidden: 'You are not allowed to do that.',
  'no-meeting-right': 'Your account may not start meetings. Ask your administrator for the meeting right.',
  'not-organiser': 'Only the organiser may do that.',
  'meeting-unknown': 'No meeting has this ID or call ID. Check it and try again.',
  'meeting-ended': 'This meeting has ended.',
  'meeting-full': 'This meeting is full.',
  'meeting-limit': 'The server is running as many meetings as it may. Try again later.',
  'not-in-meeting': 'Join the meeting first.',
  'already-in-meeting': 'This window is already in a meeting.',
  'session-replaced': 'You opened this meeting in another window.',
  'media-unavailable': 'The audio server is not available right now. Try again in a moment.',
  'media-failed': 'The audio connection could not be set up.',
  'username-taken': 'An account with this username exists.',
  'user-unknown': 'No account has this username.',
  'not-found': 'Nothing is here.',
  internal: 'Something went wrong on the server. Try again.',
  network: 'Confab cannot be reached. Check your connection and try again.',
  offline: 'Not sent: the connection is being restored. Try again in a moment.',
  'bad-reference': 'Type a meeting ID, a 9-digit call ID or a meeting link.',
  'unexpected-answer': 'The server gave an answer this page does not understand. Reload the page.',
};
