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

/** Any origin will do: only whether the resolved URL stays on it matters. */
const PROBE_ORIGIN = 'https://confab.invalid';

/**
 * Only same-site paths are followed after login: `//host`, `/\host` and their variants with tabs
 * or line breaks (which URL parsing drops) would leave the site, letting a crafted login link send
 * people elsewhere. Resolving the path decides, as the browser itself would.
 */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/')) return '/';
  try {
    const url = new URL(next, PROBE_ORIGIN);
    if (url.origin !== PROBE_ORIGIN) return '/';
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return '/';
  }
}
