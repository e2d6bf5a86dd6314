/**
 * The one registry of Confab's error codes. A code is stable forever: clients translate it,
 * tests and docs/protocol.md list it. Never reuse or rename a code; add a new one instead.
 */
export const errorCodes = {
  'bad-request': { http: 400, message: 'The request is malformed.' },
  'too-large': { http: 413, message: 'The request body is too large.' },
  'unsupported-media-type': { http: 415, message: 'The request body must be JSON.' },
  unauthenticated: { http: 401, message: 'You need to log in.' },
  'bad-credentials': { http: 401, message: 'Wrong username or password.' },
  'too-many-attempts': { http: 429, message: 'Too many attempts; wait a moment and try again.' },
  'slow-down': { http: 429, message: 'You are sending messages too fast.' },
  forbidden: { http: 403, message: 'You are not allowed to do that.' },
  'no-meeting-right': { http: 403, message: 'Your account may not organise meetings.' },
  'not-organiser': { http: 403, message: 'Only the organiser may do that.' },
  'meeting-unknown': { http: 404, message: 'No meeting has this ID.' },
  'meeting-ended': { http: 410, message: 'This meeting has ended.' },
  'meeting-full': { http: 409, message: 'This meeting is full.' },
  'meeting-limit': { http: 503, message: 'The server runs as many meetings as it may; try later.' },
  'not-in-meeting': { http: 409, message: 'Join the meeting first.' },
  'already-in-meeting': { http: 409, message: 'This connection has already joined a meeting.' },
  'session-replaced': { http: 409, message: 'You opened this meeting in another window.' },
  'media-unavailable': { http: 503, message: 'The media server is not available right now.' },
  'media-failed': { http: 502, message: 'The media server refused the audio connection.' },
  'username-taken': { http: 409, message: 'An account with this username exists.' },
  'user-unknown': { http: 404, message: 'No account has this username.' },
  'not-found': { http: 404, message: 'Nothing is here.' },
  internal: { http: 500, message: 'Something went wrong on the server.' },
} as const;

export type ErrorCode = keyof typeof errorCodes;

export const allErrorCodes = Object.keys(errorCodes) as ErrorCode[];

/** The body of every failed HTTP response and of every WebSocket `error` message. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
}

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(errorCodes, value);
}

/** An error that knows its wire code; thrown by domain code, mapped to HTTP or WebSocket at the edge. */
export class ConfabError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string = errorCodes[code].message) {
    super(message);
    this.name = 'ConfabError';
    this.code = code;
  }

  get httpStatus(): number {
    return errorCodes[this.code].http;
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message };
  }
}
