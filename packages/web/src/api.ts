import {
  errorBodySchema, meResponseSchema, meetingResponseSchema, publicConfigSchema,
} from '@confab/protocol';
import type { ErrorCode, MeetingInfo, PublicConfig, User } from '@confab/protocol';
import type { z } from 'zod';
import type { ClientErrorCode } from './i18n/index.js';

/** A failed request, carrying the code to translate for the person. */
export class ApiError extends Error {
  readonly code: ErrorCode | ClientErrorCode;
  readonly status: number;

  constructor(code: ErrorCode | ClientErrorCode, status: number, message: string = code) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
  }
}

/** The code of any thrown value, for showing it through the error catalogue. */
export function errorCodeOf(error: unknown): ErrorCode | ClientErrorCode {
  return error instanceof ApiError ? error.code : 'internal';
}

async function request<T>(
  method: 'GET' | 'POST', path: string, schema: z.ZodType<T>, body?: unknown,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch {
    throw new ApiError('network', 0);
  }

  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const failure = errorBodySchema.safeParse(json);
    if (failure.success) throw new ApiError(failure.data.code, response.status, failure.data.message);
    throw new ApiError(response.status >= 500 ? 'internal' : 'unexpected-answer', response.status);
  }

  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ApiError('unexpected-answer', response.status);
  return parsed.data;
}

/** The signed-in account, or null when there is no valid session. */
export async function fetchMe(): Promise<User | null> {
  try {
    return (await request('GET', '/api/me', meResponseSchema)).user;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/** Logs in; the server sets the session cookie. */
export async function login(username: string, password: string): Promise<User> {
  return (await request('POST', '/api/login', meResponseSchema, { username, password })).user;
}

/** Ends the session. A failure is ignored: the page forgets the account either way. */
export async function logout(): Promise<void> {
  await fetch('/api/logout', { method: 'POST', credentials: 'same-origin' }).catch(() => undefined);
}

/** What the server tells every visitor: public URL, dial-in address and number, version. */
export async function fetchConfig(): Promise<PublicConfig> {
  return request('GET', '/api/config', publicConfigSchema);
}

/** Starts a meeting now ("Meet now"); the caller is its organiser. */
export async function createMeeting(title?: string): Promise<MeetingInfo> {
  const body = title ? { title } : {};
  return (await request('POST', '/api/meetings', meetingResponseSchema, body)).meeting;
}

/** Finds a meeting by its meeting ID or its call ID. */
export async function resolveMeeting(ref: string): Promise<MeetingInfo> {
  const query = new URLSearchParams({ ref }).toString();
  return (await request('GET', `/api/meetings/resolve?${query}`, meetingResponseSchema)).meeting;
}

/** One meeting by its ID. */
export async function fetchMeeting(meetingId: string): Promise<MeetingInfo> {
  const path = `/api/meetings/${encodeURIComponent(meetingId)}`;
  return (await request('GET', path, meetingResponseSchema)).meeting;
}
