import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect as connectTcp, createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { serverMessageSchema } from '@confab/protocol';
import type { ClientMessage, ServerMessage } from '@confab/protocol';
import { pino } from 'pino';
import { WebSocket } from 'ws';
import { loadConfig } from '../src/config/index.js';
import { startServer } from '../src/server.js';
import type { RunningServer } from '../src/server.js';
import { tempDir } from './http-helpers.js';
import { opusOffer } from './sdp-fixtures.js';

/** A WebSocket client that speaks the protocol and keeps everything it got, parsed. */
class Client {
  readonly received: ServerMessage[] = [];
  readonly closed: Promise<number>;
  #waiters: (() => void)[] = [];

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.received.push(serverMessageSchema.parse(JSON.parse(data.toString())));
      for (const wake of this.#waiters.splice(0)) wake();
    });
    this.closed = once(socket, 'close').then(([code]) => Number(code));
  }

  send(message: ClientMessage | Record<string, unknown>): void {
    this.socket.send(JSON.stringify(message));
  }

  /** The first message of `type` matching `where`, waiting up to 5 s for it. */
  async next<T extends ServerMessage['type']>(type: T,
    where: (m: Extract<ServerMessage, { type: T }>) => boolean = () => true,
  ): Promise<Extract<ServerMessage, { type: T }>> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const found = this.received.find((m): m is Extract<ServerMessage, { type: T }> =>
        m.type === type && where(m as Extract<ServerMessage, { type: T }>));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no ${type} message within 5 s`);
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('a server with a real Janus, spoken to over WebSocket', () => {
  const data = tempDir('confab-signalling-');
  let server: RunningServer;
  let base: string;

  before(async () => {
    const port = await freePort();
    const rtp = 30000 + Math.floor(Math.random() * 200) * 100;
    const config = loadConfig({
      CONFAB_DATA_DIR: data.path, CONFAB_PORT: String(port), CONFAB_ADMIN_PASSWORD: 'admin-secret-1',
      CONFAB_JANUS_WS_PORT: String(await freePort()), CONFAB_RTP_PORTS: `${rtp}-${rtp + 99}`,
    });
    server = await startServer(config, pino({ level: 'silent' }));
    base = `http://127.0.0.1:${port}`;
  });

  after(async () => {
    await server.close();
    data.remove();
  });

  async function login(username: string, password: string): Promise<string> {
    const res = await fetch(`${base}/api/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    assert.equal(res.status, 200);
    const cookie = res.headers.getSetCookie()[0]?.split(';')[0];
    assert.ok(cookie);
    return cookie;
  }

  /** Creates accounts through the same database the server uses. */
  async function accounts(...names: string[]): Promise<void> {
    for (const name of names) {
      await server.app.accounts.createUser({ username: name, password: `${name}-secret-1` });
    }
  }

  async function connect(cookie: string | null, origin?: string): Promise<Client> {
    const headers: Record<string, string> = {};
    if (cookie) headers.cookie = cookie;
    if (origin) headers.origin = origin;
    const socket = new WebSocket(`${base.replace('http', 'ws')}/ws`, { headers });
    const client = new Client(socket);
    await once(socket, 'open');
    return client;
  }

  async function meetNow(cookie: string): Promise<{ id: string; callId: string }> {
    const res = await fetch(`${base}/api/meetings`, {
      method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: '{}',
    });
    assert.equal(res.status, 201);
    const body = await res.json() as { meeting: { id: string; callId: string } };
    return body.meeting;
  }

  it('reports Janus running in /healthz', async () => {
    const res = await fetch(`${base}/healthz`);
    const health = await res.json() as { status: string; janus: { state: string; pid: number } };
    assert.equal(res.status, 200);
    assert.equal(health.status, 'ok');
    assert.equal(health.janus.state, 'running');
    assert.ok(health.janus.pid > 0);
  });

  it('exposes Prometheus metrics with the meetings and the Janus state', async () => {
    const res = await fetch(`${base}/metrics`);
    const text = await res.text();
    assert.equal(res.status, 200);
    assert.match(text, /^confab_janus_up 1$/m);
    assert.match(text, /^confab_meetings_running \d+$/m);
    assert.match(text, /^confab_janus_restarts_total 0$/m);
    assert.match(text, /^confab_process_cpu_seconds_total /m);
  });

  it('closes an unauthenticated socket with 4001', async () => {
    const client = await connect(null);
    assert.equal(await client.closed, 4001);
    assert.equal(client.received[0]?.type, 'error');
  });

  it('refuses a socket opened from a foreign origin', async () => {
    const admin = await login('admin', 'admin-secret-1');
    const client = await connect(admin, 'https://evil.example');
    assert.equal(await client.closed, 4004);
  });

  it('answers a malformed message with bad-request and carries on', async () => {
    const admin = await login('admin', 'admin-secret-1');
    const client = await connect(admin);
    client.send({ type: 'mute', muted: 'yes' });
    client.socket.send('{not json');
    client.send({ type: 'ping' });

    await client.next('pong');
    const errors = client.received.filter((m) => m.type === 'error');
    assert.deepEqual(errors.map((e) => e.type === 'error' && e.code), ['bad-request', 'bad-request']);
    client.socket.close();
  });

  it('refuses a message that needs a meeting before the join', async () => {
    const admin = await login('admin', 'admin-secret-1');
    const client = await connect(admin);
    client.send({ type: 'chat.send', text: 'hello?' });
    const error = await client.next('error');
    assert.equal(error.code, 'not-in-meeting');
    client.socket.close();
  });

  /** Sends a raw upgrade request that never answers anything; resolves when the server cuts it. */
  async function rawUpgrade(path: string, withinMs: number): Promise<void> {
    const socket = connectTcp(Number(new URL(base).port), '127.0.0.1');
    await once(socket, 'connect');
    socket.on('data', () => undefined);
    socket.write([
      `GET ${path} HTTP/1.1`, `Host: ${new URL(base).host}`, 'Upgrade: websocket', 'Connection: Upgrade',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13', '', '',
    ].join('\r\n'));

    const closed = once(socket, 'close');
    const timeout = new Promise((_, reject) => setTimeout(() => {
      socket.destroy();
      reject(new Error(`${path}: still open after ${withinMs} ms`));
    }, withinMs));
    await Promise.race([closed, timeout]);
  }

  it('cuts a WebSocket upgrade to any other path instead of holding the socket', async () => {
    await rawUpgrade('/', 2000);
    await rawUpgrade('/api/me', 2000);
  });

  it('cuts a WebSocket upgrade whose URL does not even decode', async () => {
    await rawUpgrade('/%zz', 2000);
    await rawUpgrade('/ws%2', 2000);
  });

  it('cuts a refused socket whose client never answers the close', async () => {
    await rawUpgrade('/ws', 3000);
  });

  it('drops messages that come faster than a person types, then closes a flooding socket', async () => {
    // An account of its own: rates are kept per account, and this one is spent on purpose.
    await accounts('erin');
    const meeting = await meetNow(await login('admin', 'admin-secret-1'));
    const client = await connect(await login('erin', 'erin-secret-1'));
    client.send({ type: 'join', meetingId: meeting.id, muted: true });
    await client.next('joined');

    for (let i = 0; i < 80; i++) client.send({ type: 'chat.send', text: `line ${i}` });

    assert.equal(await client.closed, 4005);
    const delivered = client.received.filter((m) => m.type === 'chat.message').length;
    const refused = client.received.filter((m) => m.type === 'error' && m.code === 'slow-down');
    assert.ok(delivered >= 10 && delivered < 30, `${delivered} chat messages went through`);
    assert.ok(refused.length >= 40, `${refused.length} slow-down errors`);
  });

  it('keeps an account\'s rates across its sockets, so reconnecting does not refill them', async () => {
    await accounts('carol');
    const carol = await login('carol', 'carol-secret-1');
    const meeting = await meetNow(await login('admin', 'admin-secret-1'));
    let delivered = 0;
    // Five joins fit the account's join burst; each new socket then tries a burst of ten lines.
    for (let i = 0; i < 5; i++) {
      const client = await connect(carol);
      client.send({ type: 'join', meetingId: meeting.id, muted: true });
      await client.next('joined');
      for (let j = 0; j < 10; j++) client.send({ type: 'chat.send', text: `churn ${i}.${j}` });
      client.send({ type: 'ping' });
      await client.next('pong');
      delivered += client.received.filter((m) => m.type === 'chat.message').length;
      client.socket.close();
      await client.closed;
    }
    // One burst of 10, plus what refills at 5 a second while the sockets come and go.
    assert.ok(delivered < 30, `${delivered} of 50 chat messages went through`);
  });

  it('refuses more than eight open sockets for one account', async () => {
    await accounts('dora');
    const dora = await login('dora', 'dora-secret-1');
    const clients = await Promise.all(Array.from({ length: 8 }, () => connect(dora)));
    const ninth = await connect(dora);

    assert.equal(await ninth.closed, 4005);
    assert.equal(ninth.received[0]?.type === 'error' && ninth.received[0].code, 'slow-down');
    for (const client of clients) client.socket.close();
  });

  it('refuses a second join on a joined connection and keeps it in the meeting', async () => {
    const admin = await login('admin', 'admin-secret-1');
    const meeting = await meetNow(admin);
    const client = await connect(admin);
    client.send({ type: 'join', meetingId: meeting.id, muted: true });
    await client.next('joined');

    client.send({ type: 'join', meetingId: meeting.id, muted: true });
    assert.equal((await client.next('error')).code, 'already-in-meeting');
    client.send({ type: 'chat.send', text: 'still here' });
    assert.equal((await client.next('chat.message')).message.text, 'still here');
    client.socket.close();
  });

  it('joins, negotiates audio with Janus, chats, mutes and ends', async () => {
    const admin = await login('admin', 'admin-secret-1');
    const meeting = await meetNow(admin);
    const organiser = await connect(admin);
    organiser.send({ type: 'join', meetingId: meeting.id, muted: false });
    const joined = await organiser.next('joined');
    assert.equal(joined.meeting.callId, meeting.callId);
    assert.equal(joined.participants[0]?.role, 'organiser');

    organiser.send({ type: 'media.offer', sdp: opusOffer() });
    organiser.send({ type: 'media.candidate', candidate: null });
    const answer = await organiser.next('media.answer');
    assert.match(answer.sdp, /a=rtpmap:\d+ opus\/48000\/2/);

    organiser.send({ type: 'mute', muted: true });
    const muted = await organiser.next('participant.updated', (m) => m.participant.muted);
    assert.equal(muted.participant.id, joined.selfId);

    organiser.send({ type: 'chat.send', text: 'first words' });
    assert.equal((await organiser.next('chat.message')).message.text, 'first words');

    organiser.send({ type: 'meeting.end' });
    assert.equal((await organiser.next('meeting.ended')).reason, 'ended-by-organiser');
    assert.equal(await organiser.closed, 4003);

    const late = await connect(admin);
    late.send({ type: 'join', meetingId: meeting.id, muted: false });
    assert.equal((await late.next('error')).code, 'meeting-ended');
    assert.equal(await late.closed, 4004);
  });
});
