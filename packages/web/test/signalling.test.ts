import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket, WebSocketServer } from 'ws';
import type { ServerMessage } from '@confab/protocol';
import { SignallingClient } from '../src/meeting/signalling.js';
import type { SignallingState, SocketFactory } from '../src/meeting/signalling.js';

const MEETING_ID = 'AbCdEfGhIjKlMnOpQrStUv';

/** The `ws` client behind the same adapter the browser's WebSocket uses. */
const nodeSocket: SocketFactory = (url, handlers) => {
  const ws = new WebSocket(url);
  ws.on('open', () => handlers.onOpen());
  ws.on('message', (data) => handlers.onMessage(String(data)));
  ws.on('close', (code) => handlers.onClose(code));
  ws.on('error', () => undefined);
  return { send: (data) => ws.send(data), close: (code) => ws.close(code) };
};

function joined(): ServerMessage {
  return {
    type: 'joined',
    selfId: 'p1',
    meeting: {
      id: MEETING_ID, callId: '123456789', title: 'Sync', organiserId: 1, organiserName: 'Alice',
      state: 'running', url: `http://127.0.0.1/meet/${MEETING_ID}`, sipAddress: null, phoneNumber: null,
      createdAt: new Date().toISOString(), endedAt: null,
    },
    participants: [],
    chat: [],
    iceServers: [],
  };
}

interface Harness {
  client: SignallingClient;
  received: ServerMessage[];
  states: { state: SignallingState; code?: number }[];
  setMuted: (muted: boolean) => void;
}

/** A real WebSocket server on loopback that the test scripts per connection. */
class ScriptedServer {
  readonly wss: WebSocketServer;
  readonly connections: { socket: WebSocket; messages: unknown[] }[] = [];
  onConnection: (socket: WebSocket, index: number) => void = () => undefined;
  onMessage: (socket: WebSocket, message: { type?: unknown }) => void = () => undefined;

  constructor() {
    this.wss = new WebSocketServer({ host: '127.0.0.1', port: 40_000 + Math.floor(Math.random() * 20_000) });
    this.wss.on('connection', (socket) => {
      const entry = { socket, messages: [] as unknown[] };
      this.connections.push(entry);
      this.onConnection(socket, this.connections.length - 1);
      socket.on('message', (data) => {
        const message: unknown = JSON.parse(String(data));
        entry.messages.push(message);
        if (typeof message === 'object' && message !== null) this.onMessage(socket, message);
      });
    });
  }

  get url(): string {
    const address = this.wss.address();
    if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
    return `ws://127.0.0.1:${address.port}/ws`;
  }

  reset(): void {
    for (const c of this.connections) c.socket.terminate();
    this.connections.length = 0;
    this.onConnection = () => undefined;
    this.onMessage = () => undefined;
  }
}

function typeOf(message: unknown): unknown {
  return typeof message === 'object' && message !== null && 'type' in message ? message.type : undefined;
}

async function until(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the signalling client', () => {
  let server: ScriptedServer;
  const clients: SignallingClient[] = [];

  before(async () => {
    server = new ScriptedServer();
    await new Promise<void>((resolve) => server.wss.on('listening', () => resolve()));
  });

  after(async () => {
    for (const client of clients) client.close();
    server.reset();
    await new Promise<void>((resolve) => server.wss.close(() => resolve()));
  });

  function start(timing = {}): Harness {
    let muted = false;
    const received: ServerMessage[] = [];
    const states: { state: SignallingState; code?: number }[] = [];
    const client = new SignallingClient({
      url: server.url,
      meetingId: MEETING_ID,
      muted: () => muted,
      onMessage: (message) => received.push(message),
      onState: (state, code) => states.push({ state, code }),
      socketFactory: nodeSocket,
      timing: { backoffMinMs: 20, backoffMaxMs: 50, ...timing },
    });
    clients.push(client);
    client.start();
    return { client, received, states, setMuted: (value) => { muted = value; } };
  }

  function answerJoins(): void {
    server.onMessage = (socket, message) => {
      if (message.type === 'join') socket.send(JSON.stringify(joined()));
    };
  }

  it('sends join with the microphone state as the first message', async () => {
    server.reset();
    const h = start();
    h.setMuted(true);

    await until(() => server.connections[0]?.messages.length === 1);
    assert.deepEqual(server.connections[0]?.messages[0], { type: 'join', meetingId: MEETING_ID, muted: true });
    h.client.close();
  });

  it('refuses to send anything before the server confirms the join', async () => {
    server.reset();
    const h = start();

    await until(() => server.connections[0]?.messages.length === 1);
    assert.equal(h.client.send({ type: 'chat.send', text: 'early' }), false);
    h.client.close();
  });

  it('reports the join and passes parsed messages on, ignoring malformed frames', async () => {
    server.reset();
    server.onMessage = (socket, message) => {
      if (message.type !== 'join') return;
      socket.send('not json');
      socket.send(JSON.stringify({ type: 'participant.left', participantId: 7 }));
      socket.send(JSON.stringify(joined()));
      socket.send(JSON.stringify({ type: 'pong' }));
    };
    const h = start();

    await until(() => h.received.length === 2);
    assert.deepEqual(h.received.map((m) => m.type), ['joined', 'pong']);
    assert.deepEqual(h.states.map((s) => s.state), ['joined']);
    assert.equal(h.client.send({ type: 'chat.send', text: 'hello' }), true);
    await until(() => server.connections[0]?.messages.length === 2);
    assert.deepEqual(server.connections[0]?.messages[1], { type: 'chat.send', text: 'hello' });
    h.client.close();
  });

  it('sends a keep-alive ping every period', async () => {
    server.reset();
    answerJoins();
    const h = start({ pingMs: 40 });

    await until(() => (server.connections[0]?.messages.filter((m) => typeOf(m) === 'ping').length ?? 0) >= 2);
    h.client.close();
  });

  it('opens a new socket and joins again with the current mute state after a drop', async () => {
    server.reset();
    answerJoins();
    const h = start();
    await until(() => h.received.length === 1);

    h.setMuted(true);
    server.connections[0]?.socket.terminate();

    await until(() => server.connections[1]?.messages.length === 1);
    assert.deepEqual(server.connections[1]?.messages[0], { type: 'join', meetingId: MEETING_ID, muted: true });
    await until(() => h.received.length === 2);
    assert.deepEqual(h.states.map((s) => s.state), ['joined', 'reconnecting', 'joined']);
    h.client.close();
  });

  it('stops for good when the server refuses the join', async () => {
    server.reset();
    server.onMessage = (socket, message) => {
      if (message.type !== 'join') return;
      socket.send(JSON.stringify({ type: 'error', code: 'meeting-full', message: 'full', inReplyTo: 'join' }));
      socket.close(4004);
    };
    const h = start();

    await until(() => h.states.some((s) => s.state === 'closed'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(server.connections.length, 1);
    assert.deepEqual(h.states.at(-1), { state: 'closed', code: 4004 });
    assert.equal(h.received[0]?.type, 'error');
  });

  it('does not reconnect after the server confirms leaving', async () => {
    server.reset();
    server.onMessage = (socket, message) => {
      if (message.type === 'join') socket.send(JSON.stringify(joined()));
      if (message.type === 'leave') {
        socket.send(JSON.stringify({ type: 'left' }));
        socket.close(1000);
      }
    };
    const h = start();
    await until(() => h.received.length === 1);

    assert.equal(h.client.send({ type: 'leave' }), true);
    await until(() => h.states.some((s) => s.state === 'closed'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(server.connections.length, 1);
  });

  it('takes a socket that stays silent as dead and connects again', async () => {
    server.reset();
    let answered = 0;
    server.onMessage = (socket, message) => {
      // Only the first connection's join is answered, and no ping ever is.
      if (message.type === 'join' && answered++ === 0) socket.send(JSON.stringify(joined()));
    };
    const h = start({ pingMs: 30, silenceMs: 120 });

    await until(() => server.connections.length >= 2);
    assert.ok(h.states.some((s) => s.state === 'reconnecting'));
    h.client.close();
  });
});
