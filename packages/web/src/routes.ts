import { meetingIdSchema } from '@confab/protocol';

/** The pages of the application, as decoded from the address bar. */
export type Route =
  | { name: 'login'; next: string }
  | { name: 'home' }
  | { name: 'meeting'; meetingId: string }
  | { name: 'not-found' };

/** Decodes a path and query string into a route. */
export function matchRoute(pathname: string, search: string): Route {
  if (pathname === '/login') {
    return { name: 'login', next: safeNext(new URLSearchParams(search).get('next')) };
  }
  if (pathname === '/' || pathname === '') return { name: 'home' };

  const meet = /^\/meet\/([^/]+)\/?$/.exec(pathname);
  if (meet?.[1] && meetingIdSchema.safeParse(meet[1]).success) {
    return { name: 'meeting', meetingId: meet[1] };
  }
  return { name: 'not-found' };
}

/** The login address that brings the visitor back to `path` afterwards. */
export function loginPath(path: string): string {
  return path === '/' ? '/login' : `/login?next=${encodeURIComponent(path)}`;
}

/** The address of a meeting's page. */
export function meetingPath(meetingId: string): string {
  return `/meet/${meetingId}`;
}

/**
 * Only same-site paths are followed after login: `//host` and `/\host` would leave the site, which
 * would let a crafted login link send people elsewhere.
 */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}
