import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  ConfabError, errorBodySchema, errorCodes, healthSchema, publicConfigSchema,
} from '@confab/protocol';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireUser } from '../src/http/auth.js';
import {
  registerMeetingRoutes, RESOLVES_PER_MINUTE, RESOLVES_PER_MINUTE_PER_ADDRESS,
} from '../src/http/meeting-routes.js';
import { healthy, httpWorld, parseSetCookie, tempDir } from './http-helpers.js';
import type { HttpWorld } from './http-helpers.js';
import { world as meetingsWorld } from './meetings-fixtures.js';
import type { World } from './meetings-fixtures.js';

describe('public endpoints', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir('confab-app-')));
  afterEach(() => dir.remove());

  it('tells the web client the public URL, dial-in details and version', async () => {
    const world = await httpWorld(dir.path, {
      env: {
        CONFAB_PUBLIC_URL: 'https://meet.example.org/', CONFAB_SIP_ADDRESS: 'conference@example.org',
        CONFAB_PHONE_NUMBER: '+33 1 23 45 67 89',
      },
    });
    const response = await world.app.inject({ method: 'GET', url: '/api/config' });
    await world.close();

    assert.equal(response.statusCode, 200);
    const body = publicConfigSchema.parse(response.json());
    assert.equal(body.publicUrl, 'https://meet.example.org');
    assert.equal(body.sipAddress, 'conference@example.org');
    assert.equal(body.phoneNumber, '+33 1 23 45 67 89');
    assert.match(body.version, /^\d+\.\d+\.\d+/);
  });

  it('answers /healthz with 200 when healthy and 503 when degraded', async () => {
    let health = healthy;
    const world = await httpWorld(dir.path, { health: () => health });

    const ok = await world.app.inject({ method: 'GET', url: '/healthz' });
    health = { ...healthy, status: 'degraded', janus: { ...healthy.janus, state: 'restarting', connected: false } };
    const degraded = await world.app.inject({ method: 'GET', url: '/healthz' });
    await world.close();

    assert.equal(ok.statusCode, 200);
    assert.deepEqual(healthSchema.parse(ok.json()), healthy);
    assert.equal(degraded.statusCode, 503);
    assert.equal(healthSchema.parse(degraded.json()).janus.state, 'restarting');
  });

  it('sends headers that keep meeting links out of Referer and pages out of frames', async () => {
    const world = await httpWorld(dir.path);
    const response = await world.app.inject({ method: 'GET', url: '/api/config' });
    await world.close();

    assert.equal(response.headers['referrer-policy'], 'same-origin');
    assert.equal(response.headers['x-frame-options'], 'DENY');
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
  });
});

/** Routes that fail in each of the ways the error handler must map. */
async function failingRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/test/full', async () => {
    throw new ConfabError('meeting-full');
  });
  app.get('/api/test/crash', async () => {
    throw new Error('database password is hunter2');
  });
  app.post('/api/test/schema', async (request) => z.object({ title: z.string() }).parse(request.body));
  app.get('/api/test/mine', async (request) => ({ username: (await requireUser(request)).username }));
}

describe('errors', () => {
  let dir: ReturnType<typeof tempDir>;
  let world: HttpWorld;
  beforeEach(async () => {
    dir = tempDir('confab-app-');
    world = await httpWorld(dir.path, { plugins: [failingRoutes] });
  });
  afterEach(async () => {
    await world.close();
    dir.remove();
  });

  it('answers a ConfabError with its status and code', async () => {
    const response = await world.app.inject({ method: 'GET', url: '/api/test/full' });

    assert.equal(response.statusCode, 409);
    assert.deepEqual(response.json(), { code: 'meeting-full', message: errorCodes['meeting-full'].message });
  });

  it('answers an unexpected error with 500 internal and none of its message', async () => {
    const response = await world.app.inject({ method: 'GET', url: '/api/test/crash' });

    assert.equal(response.statusCode, 500);
    assert.deepEqual(response.json(), { code: 'internal', message: errorCodes.internal.message });
    assert.ok(!response.body.includes('hunter2'));
  });

  it('answers a schema failure with 400 bad-request naming the field', async () => {
    const response = await world.app.inject({
      method: 'POST', url: '/api/test/schema', headers: { 'content-type': 'application/json' },
      payload: { title: 3 },
    });

    assert.equal(response.statusCode, 400);
    assert.equal(response.json().code, 'bad-request');
    assert.match(response.json().message, /^title: /);
  });

  it('lets routes added as plugins require a logged-in account', async () => {
    await world.accounts.createUser({ username: 'alice', password: 'correct horse' });
    const loginResponse = await world.app.inject({
      method: 'POST', url: '/api/login', headers: { 'content-type': 'application/json' },
      payload: { username: 'alice', password: 'correct horse' },
    });
    const cookie = parseSetCookie(loginResponse.headers['set-cookie']).value;

    const anonymous = await world.app.inject({ method: 'GET', url: '/api/test/mine' });
    const mine = await world.app.inject({ method: 'GET', url: '/api/test/mine', headers: { cookie } });

    assert.equal(anonymous.statusCode, 401);
    assert.deepEqual(mine.json(), { username: 'alice' });
  });

  it('answers a URL that does not decode with 400 bad-request in the standard body', async () => {
    const response = await world.app.inject({ method: 'GET', url: '/%c0%ae%c0%ae/etc/passwd' });

    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json(), { code: 'bad-request', message: 'The URL is not valid.' });
  });

  it('answers a body too large with 413 too-large and a body of another type with 415', async () => {
    const large = await world.app.inject({
      method: 'POST', url: '/api/login', headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'alice', password: 'x'.repeat(2_000_000) }),
    });
    const xml = await world.app.inject({
      method: 'POST', url: '/api/login', headers: { 'content-type': 'application/xml' }, payload: '<login/>',
    });

    assert.equal(large.statusCode, 413);
    assert.deepEqual(large.json(), { code: 'too-large', message: errorCodes['too-large'].message });
    assert.equal(xml.statusCode, 415);
    assert.deepEqual(xml.json(), {
      code: 'unsupported-media-type', message: errorCodes['unsupported-media-type'].message,
    });
  });

  it('answers each of Fastify\'s own refusals with a code of the status it answers', async () => {
    const json = { 'content-type': 'application/json' };
    const requests = [
      { method: 'GET', url: '/%e0%a4%a' },
      { method: 'POST', url: '/api/login', headers: json, payload: '{"username":' },
      { method: 'POST', url: '/api/login', headers: json, payload: '' },
      { method: 'POST', url: '/api/login', headers: { 'content-type': 'text/csv' }, payload: 'a,b' },
      { method: 'POST', url: '/api/login', headers: json, payload: `"${'x'.repeat(1_100_000)}"` },
    ] as const;

    for (const request of requests) {
      const response = await world.app.inject(request);
      const body = errorBodySchema.parse(response.json());
      assert.equal(errorCodes[body.code].http, response.statusCode, `${request.url} answered ${body.code}`);
    }
  });

  it('answers an unknown API path or method with 404 not-found in JSON', async () => {
    for (const [method, url] of [['GET', '/api/nothing'], ['POST', '/api/me'], ['DELETE', '/meet/x']] as const) {
      const response = await world.app.inject({ method, url });
      assert.equal(response.statusCode, 404, `${method} ${url}`);
      assert.equal(response.json().code, 'not-found');
    }
  });
});

describe('the web application', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir('confab-app-')));
  afterEach(() => dir.remove());

  function webBuild(): string {
    const root = join(dir.path, 'web');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Confab</title><div id="root"></div>');
    writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log("confab")');
    return root;
  }

  it('serves index.html for the app routes, never cached', async () => {
    const world = await httpWorld(dir.path, { webRoot: webBuild() });

    for (const url of ['/', '/login', '/meet/AAAAAAAAAAAAAAAAAAAAAA', '/meet/x?lang=fr']) {
      const response = await world.app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 200, url);
      assert.match(String(response.headers['content-type']), /text\/html/, url);
      assert.match(response.body, /<title>Confab<\/title>/, url);
      assert.equal(response.headers['cache-control'], 'no-cache', url);
    }
    await world.close();
  });

  it('never serves a dot file that lies in the web build', async () => {
    const root = webBuild();
    writeFileSync(join(root, '.env'), 'SECRET=1');
    const world = await httpWorld(dir.path, { webRoot: root });

    const response = await world.app.inject({ method: 'GET', url: '/.env' });
    assert.doesNotMatch(response.body, /SECRET/);
    await world.close();
  });

  it('serves hashed assets as immutable', async () => {
    const world = await httpWorld(dir.path, { webRoot: webBuild() });
    const response = await world.app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    await world.close();

    assert.equal(response.statusCode, 200);
    assert.equal(response.body, 'console.log("confab")');
    assert.match(String(response.headers['cache-control']), /immutable/);
  });

  it('keeps /api, /ws and /healthz out of the single-page fallback', async () => {
    const world = await httpWorld(dir.path, { webRoot: webBuild() });
    const api = await world.app.inject({ method: 'GET', url: '/api/unknown' });
    const ws = await world.app.inject({ method: 'GET', url: '/ws/other' });
    await world.close();

    assert.equal(api.statusCode, 404);
    assert.equal(api.json().code, 'not-found');
    assert.equal(ws.statusCode, 404);
  });

  it('answers a forbidden file path with 403 forbidden in the standard body', async () => {
    const world = await httpWorld(dir.path, { webRoot: webBuild() });
    const response = await world.app.inject({ method: 'GET', url: '/assets/%00' });
    await world.close();

    assert.equal(response.statusCode, 403);
    assert.deepEqual(response.json(), { code: 'forbidden', message: errorCodes.forbidden.message });
  });

  it('says in plain text that the web application is not built', async () => {
    const world = await httpWorld(dir.path, { webRoot: join(dir.path, 'missing') });
    const response = await world.app.inject({ method: 'GET', url: '/' });
    await world.close();

    assert.equal(response.statusCode, 503);
    assert.match(String(response.headers['content-type']), /^text\/plain/);
    assert.match(response.body, /not built/);
  });
});

describe('call ID lookups', () => {
  let dir: ReturnType<typeof tempDir>;
  let world: HttpWorld;
  let meetings: World;
  beforeEach(async () => {
    dir = tempDir('confab-app-');
    meetings = await meetingsWorld();
    world = await httpWorld(dir.path, {
      plugins: [(app) => registerMeetingRoutes(app, { meetings: meetings.meetings, requireUser })],
    });
    for (const username of ['alice', 'bob']) {
      await world.accounts.createUser({ username, password: 'correct horse' });
    }
  });
  afterEach(async () => {
    await world.close();
    await meetings.db.destroy();
    dir.remove();
  });

  async function cookieOf(username: string, remoteAddress: string): Promise<string> {
    const response = await world.app.inject({
      method: 'POST', url: '/api/login', headers: { 'content-type': 'application/json' },
      payload: { username, password: 'correct horse' }, remoteAddress,
    });
    assert.equal(response.statusCode, 200);
    return parseSetCookie(response.headers['set-cookie']).value;
  }

  function lookUp(cookie: string, remoteAddress: string, callId: number) {
    return world.app.inject({
      method: 'GET', url: `/api/meetings/resolve?ref=${callId}`, headers: { cookie }, remoteAddress,
    });
  }

  it(`answers ${RESOLVES_PER_MINUTE} lookups a minute per account, then too-many-attempts`, async () => {
    const alice = await cookieOf('alice', '198.18.3.1');
    for (let i = 0; i < RESOLVES_PER_MINUTE; i++) {
      const response = await lookUp(alice, '198.18.3.1', 100_000_000 + i);
      assert.equal(response.statusCode, 404, `lookup ${i + 1}`);
    }

    const refused = await lookUp(alice, '198.18.3.2', 100_000_999);
    assert.equal(refused.statusCode, 429);
    assert.deepEqual(refused.json(), {
      code: 'too-many-attempts', message: errorCodes['too-many-attempts'].message,
    });
    assert.ok(Number(refused.headers['retry-after']) > 0);

    const bob = await cookieOf('bob', '198.18.3.3');
    assert.equal((await lookUp(bob, '198.18.3.3', 100_000_999)).statusCode, 404);
  });

  it(`answers ${RESOLVES_PER_MINUTE_PER_ADDRESS} lookups a minute per address, whatever the account`,
    async () => {
      const cookies = [await cookieOf('alice', '198.18.4.9'), await cookieOf('bob', '198.18.4.9')];
      for (let i = 0; i < RESOLVES_PER_MINUTE_PER_ADDRESS; i++) {
        const cookie = cookies[Math.floor(i / RESOLVES_PER_MINUTE)] ?? '';
        const anonymous = i >= 2 * RESOLVES_PER_MINUTE;
        const response = await lookUp(anonymous ? '' : cookie, '198.18.4.1', 100_000_000 + i);
        assert.equal(response.statusCode, anonymous ? 401 : 404, `lookup ${i + 1}`);
      }

      const refused = await lookUp('', '198.18.4.1', 100_000_999);
      assert.equal(refused.statusCode, 429);
      assert.equal(refused.json().code, 'too-many-attempts');
    });
});

describe('HTTPS', () => {
  it('serves over TLS when a certificate is configured, with a Secure cookie', async (t) => {
    const dir = tempDir('confab-tls-');
    t.after(() => dir.remove());
    const cert = join(dir.path, 'cert.pem');
    const key = join(dir.path, 'key.pem');
    try {
      execFileSync('openssl', [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
        '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1',
        '-addext', 'subjectAltName=IP:127.0.0.1',
      ], { stdio: 'ignore' });
    } catch {
      t.skip('openssl is not installed');
      return;
    }

    const port = 20000 + Math.floor(Math.random() * 40000);
    const world = await httpWorld(dir.path, {
      env: { CONFAB_TLS_CERT: cert, CONFAB_TLS_KEY: key, CONFAB_PORT: String(port) },
    });
    t.after(() => world.close());
    await world.accounts.createUser({ username: 'alice', password: 'correct horse' });
    await world.app.listen({ host: '127.0.0.1', port });

    type Answer = { status: number; setCookie: string[] | undefined };
    const response = await new Promise<Answer>((resolve, reject) => {
      const req = request({
        host: '127.0.0.1', port, path: '/api/login', method: 'POST', ca: world.config.tls?.cert,
        headers: { 'content-type': 'application/json' },
      }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, setCookie: res.headers['set-cookie'] }));
      });
      req.on('error', reject);
      req.end(JSON.stringify({ username: 'alice', password: 'correct horse' }));
    });

    assert.equal(response.status, 200);
    assert.ok(parseSetCookie(response.setCookie).attributes.includes('secure'));
  });
  it('marks the session cookie Secure behind a TLS proxy, when the public URL is https', async (t) => {
    const dir = tempDir('confab-proxy-');
    t.after(() => dir.remove());
    const world = await httpWorld(dir.path, {
      env: { CONFAB_PUBLIC_URL: 'https://meet.example.org', CONFAB_TRUST_PROXY: 'true' },
    });
    t.after(() => world.close());
    await world.accounts.createUser({ username: 'alice', password: 'correct horse' });

    const response = await world.app.inject({
      method: 'POST', url: '/api/login', headers: { 'content-type': 'application/json' },
      payload: { username: 'alice', password: 'correct horse' },
    });
    const logout = await world.app.inject({
      method: 'POST', url: '/api/logout', headers: { cookie: parseSetCookie(response.headers['set-cookie']).value },
    });

    assert.equal(response.statusCode, 200);
    assert.ok(parseSetCookie(response.headers['set-cookie']).attributes.includes('secure'));
    assert.ok(parseSetCookie(logout.headers['set-cookie']).attributes.includes('secure'));
  });
});
