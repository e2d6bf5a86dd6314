import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfabError } from '@confab/protocol';
import { pino } from 'pino';
import { createMedia } from '../src/media/index.js';
import type { Media } from '../src/media/index.js';
import type { JanusAudio } from '../src/media/audiobridge.js';
import type { MediaOptions } from '../src/media/options.js';
import type { MediaServerState } from '../src/media/types.js';
import { opusOffer } from './sdp-fixtures.js';

// Quiet by default; CONFAB_TEST_LOG=debug shows Janus's own output too.
const log = pino({ level: process.env.CONFAB_TEST_LOG ?? 'silent' });

/** A free TCP port on loopback, found by letting the kernel pick one. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

async function mediaOptions(dataDir: string): Promise<MediaOptions> {
  const base = 2 * randomInt(15000, 29000);
  return {
    dataDir,
    janus: { binary: '/usr/bin/janus', wsPort: await freePort(), rtpPorts: { min: base, max: base + 199 } },
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The local addresses of every listening TCP socket on the port, from /proc. */
function listeners(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (local?.endsWith(`:${hexPort}`) && state === '0A') found.push(local.split(':')[0] ?? '');
    }
  }
  return found;
}

describe('media layer over a real Janus', () => {
  const dir = mkdtempSync(join(tmpdir(), 'confab-media-'));
  let options: MediaOptions;
  let media: Media;
  let audio: JanusAudio;
  const roomId = randomInt(100_000_000, 999_999_999);

  before(async () => {
    options = await mediaOptions(dir);
    media = createMedia(options, log);
    await media.start();
    audio = media.audio;
  });

  after(async () => {
    await media.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts Janus and reports it running', () => {
    const health = media.health();

    assert.equal(health.state, 'running');
    assert.equal(health.connected, true);
    assert.equal(health.restarts, 0);
    assert.ok(health.pid !== null && alive(health.pid), 'the Janus process is alive');
    assert.equal(media.audio.state, 'running');
  });

  it('serves the Janus API on loopback only', () => {
    const addresses = listeners(options.janus.wsPort);

    assert.deepEqual(addresses, ['0100007F']);
  });

  it('opens a room idempotently', async () => {
    await media.audio.openRoom(roomId);
    await media.audio.openRoom(roomId);

    assert.equal(await audio.hasRoom(roomId), true);
    assert.ok((await audio.rooms()).some((r) => r.room === roomId));
  });

  it('closes a room that does not exist without complaint', async () => {
    const missing = roomId + 1;

    await media.audio.closeRoom(missing);

    assert.equal(await audio.hasRoom(missing), false);
  });

  it('closes an open room and every leg in it', async () => {
    const other = roomId + 2;
    await media.audio.openRoom(other);
    await media.audio.joinWebrtc({ roomId: other, legId: 'leg-closing', displayName: 'Bea',
      offerSdp: opusOffer(), muted: false });

    await media.audio.closeRoom(other);

    assert.equal(await audio.hasRoom(other), false);
    await media.audio.setMuted('leg-closing', true); // the leg is gone: nothing to do, no error
  });

  it('answers a browser Opus offer with an Opus answer', async () => {
    const { answerSdp } = await media.audio.joinWebrtc({
      roomId, legId: 'leg-ann', displayName: 'Ann', offerSdp: opusOffer(), muted: false,
    });

    assert.match(answerSdp, /^v=0\r?\n/);
    assert.match(answerSdp, /a=rtpmap:111 opus\/48000\/2/i);
    assert.match(answerSdp, /a=mid:0/);
    const rooms = await audio.rooms();
    assert.equal(rooms.find((r) => r.room === roomId)?.participants, 1);
  });

  it('replaces a leg that joins again under the same id', async () => {
    await media.audio.joinWebrtc({
      roomId, legId: 'leg-ann', displayName: 'Ann', offerSdp: opusOffer(), muted: true,
    });

    const rooms = await audio.rooms();
    assert.equal(rooms.find((r) => r.room === roomId)?.participants, 1);
  });

  it('passes candidates, mutes and unmutes a leg', async () => {
    await media.audio.trickle('leg-ann', {
      candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0,
    });
    await media.audio.trickle('leg-ann', null);
    await media.audio.setMuted('leg-ann', true);
    await media.audio.setMuted('leg-ann', false);
  });

  it('refuses a join to a room Janus does not have', async () => {
    await assert.rejects(
      media.audio.joinWebrtc({ roomId: roomId + 3, legId: 'leg-lost', displayName: 'Lost',
        offerSdp: opusOffer(), muted: false }),
      (err: unknown) => err instanceof ConfabError && err.code === 'media-failed',
    );
  });

  it('removes a leg on leave and ignores a leave of an unknown leg', async () => {
    await media.audio.joinWebrtc({
      roomId, legId: 'leg-cy', displayName: 'Cy', offerSdp: opusOffer(), muted: false,
    });
    assert.equal((await audio.rooms()).find((r) => r.room === roomId)?.participants, 2);

    await media.audio.leave('leg-cy');
    await media.audio.leave('leg-nobody');

    assert.equal((await audio.rooms()).find((r) => r.room === roomId)?.participants, 1);
  });

  it('comes back after Janus is killed: lost, restarted, rooms recreated, joins work', async () => {
    const states: MediaServerState[] = [];
    const events: string[] = [];
    media.supervisor.on('state', (state) => states.push(state));
    media.audio.on('lost', () => events.push('lost'));
    media.audio.on('restarted', () => events.push('restarted'));
    const oldPid = media.health().pid;
    assert.ok(oldPid !== null);

    const killedAt = Date.now();
    process.kill(oldPid, 'SIGKILL');
    await until('lost', () => events.includes('lost'), 3000);
    await assert.rejects(
      media.audio.openRoom(roomId),
      (err: unknown) => err instanceof ConfabError && err.code === 'media-unavailable',
    );
    await until('restarted', () => events.includes('restarted'), 8000);
    const recoveredInMs = Date.now() - killedAt;

    assert.deepEqual(events, ['lost', 'restarted']);
    assert.deepEqual(states, ['restarting', 'running']);
    assert.ok(recoveredInMs < 5000, `recovered in ${recoveredInMs} ms`);
    const health = media.health();
    assert.equal(health.state, 'running');
    assert.equal(health.connected, true);
    assert.equal(health.restarts, 1);
    assert.ok(health.pid !== null && health.pid !== oldPid && alive(health.pid));
    assert.equal(alive(oldPid), false);
    assert.equal(await audio.hasRoom(roomId), true);

    const { answerSdp } = await media.audio.joinWebrtc({
      roomId, legId: 'leg-ann', displayName: 'Ann', offerSdp: opusOffer(), muted: false,
    });
    assert.match(answerSdp, /opus\/48000/i);
  });

  it('fails fast with media-unavailable while Janus is down', async () => {
    const pid = media.health().pid;
    assert.ok(pid !== null);
    let lost = false;
    media.audio.on('lost', () => {
      lost = true;
    });

    process.kill(pid, 'SIGKILL');
    await until('lost', () => lost, 3000);
    const startedAt = Date.now();
    await assert.rejects(
      media.audio.joinWebrtc({ roomId, legId: 'leg-dan', displayName: 'Dan', offerSdp: opusOffer(),
        muted: false }),
      (err: unknown) => err instanceof ConfabError && err.code === 'media-unavailable',
    );

    assert.ok(Date.now() - startedAt < 100, 'the call did not wait for Janus');
    await until('Janus back', () => media.health().connected, 8000);
  });

  it('stops Janus and leaves no process behind', async () => {
    const pid = media.health().pid;
    assert.ok(pid !== null);

    await media.stop();

    assert.equal(alive(pid), false);
    assert.equal(media.health().state, 'stopped');
    assert.equal(media.health().pid, null);
    assert.equal(listeners(options.janus.wsPort).length, 0);
  });
});

/** An RTP packet of 20 ms of PCMU carrying an RFC 6464 audio level (-dBov) in extension 1. */
function pcmuPacket(seq: number, ssrc: number, level: number): Buffer {
  const packet = Buffer.alloc(12 + 8 + 160, 0xff);
  packet[0] = 0x90; // version 2, header extension present
  packet[1] = 0; // payload type 0, PCMU
  packet.writeUInt16BE(seq & 0xffff, 2);
  packet.writeUInt32BE((seq * 160) >>> 0, 4);
  packet.writeUInt32BE(ssrc, 8);
  packet.writeUInt16BE(0xbede, 12); // RFC 8285 one-byte header extensions, one word long
  packet.writeUInt16BE(1, 14);
  packet[16] = 0x10; // id 1, one byte of data
  packet[17] = 0x80 | level; // voice activity flag and level
  packet.writeUInt16BE(0, 18);
  return packet;
}

describe('phone legs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'confab-media-rtp-'));
  let media: Media;
  const socket = createSocket('udp4');

  before(async () => {
    // Plain RTP on loopback only: the phone leg below is this test's own UDP socket.
    media = createMedia({ ...(await mediaOptions(dir)), mediaIp: '127.0.0.1' }, log);
    await media.start();
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  });

  after(async () => {
    socket.close();
    await media.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('joins a plain-RTP leg on the media address and sends it the mix once it sends', async () => {
    const roomId = randomInt(100_000_000, 999_999_999);
    let mixPackets = 0;
    socket.on('message', () => {
      mixPackets += 1;
    });
    await media.audio.openRoom(roomId);

    const janus = await media.audio.joinRtp({
      roomId, legId: 'phone', displayName: 'Phone', muted: false, codec: 'pcmu',
      remote: { ip: '127.0.0.1', port: socket.address().port }, payloadType: 0, audioLevelExt: 1,
    });
    assert.equal(janus.ip, '127.0.0.1');
    assert.equal(mixPackets, 0);

    const ssrc = randomInt(1, 2 ** 31);
    for (let seq = 0; seq < 25; seq += 1) {
      socket.send(pcmuPacket(seq, ssrc, 10), janus.port, janus.ip);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await until('the mix to arrive', () => mixPackets > 5, 2000);

    assert.equal((await media.audio.rooms()).find((r) => r.room === roomId)?.participants, 1);
    await media.audio.setMuted('phone', true);
    await media.audio.leave('phone');

    // Janus lets a plain-RTP participant go once its RTP thread has ended, a moment later.
    let participants = 1;
    for (let tries = 0; tries < 50 && participants > 0; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      participants = (await media.audio.rooms()).find((r) => r.room === roomId)?.participants ?? -1;
    }
    assert.equal(participants, 0);
  });
});

describe('Janus supervisor', () => {
  it('takes Janus down when the Node process is killed outright', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'confab-media-orphan-'));
    const options = await mediaOptions(dir);
    const script = [
      `import { JanusSupervisor } from ${JSON.stringify(new URL('../src/media/janus-process.ts', import.meta.url).href)};`,
      `import { pino } from 'pino';`,
      `const s = new JanusSupervisor(${JSON.stringify(options)}, pino({ level: 'silent' }));`,
      'await s.start();',
      'console.log(String(s.pid));',
      'setInterval(() => {}, 1000);',
    ].join('\n');
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: new URL('..', import.meta.url).pathname,
      stdio: ['ignore', 'pipe', 'inherit'],
    });

    try {
      const janusPid = await new Promise<number>((resolve, reject) => {
        child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
        child.once('exit', () => reject(new Error('the supervising process ended early')));
      });
      assert.ok(alive(janusPid), 'Janus runs under the child');

      child.kill('SIGKILL');

      await until('Janus to die with its parent', () => !alive(janusPid), 3000);
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports external and spawns nothing when a Janus URL is given', async () => {
    // A port nobody listens on: the external Janus is down.
    const url = `ws://127.0.0.1:${await freePort()}`;
    const media = createMedia({
      dataDir: '/nonexistent',
      janus: { binary: '/usr/bin/janus', wsPort: 1, url, rtpPorts: { min: 20000, max: 20099 } },
    }, log);

    await media.start();

    assert.equal(media.supervisor.state, 'external');
    assert.equal(media.health().pid, null);
    assert.equal(media.health().connected, false);
    assert.equal(media.audio.state, 'starting');
    await assert.rejects(media.audio.openRoom(1),
      (err: unknown) => err instanceof ConfabError && err.code === 'media-unavailable');
    await media.stop();
  });
});
