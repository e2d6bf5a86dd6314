import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { renderJanusConfig, splitRtpPorts, writeJanusConfig } from '../src/media/janus-config.js';
import type { RenderParams } from '../src/media/janus-config.js';

const dir = mkdtempSync(join(tmpdir(), 'confab-janus-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function render(overrides: Partial<RenderParams> = {}): Record<string, string> {
  return renderJanusConfig({
    dir: '/data/janus',
    wsPort: 18188,
    mediaIp: null,
    rtpPorts: { min: 20000, max: 20399 },
    apiSecret: 'api-secret',
    adminSecret: 'admin-secret',
    pluginsFolder: '/plugins',
    transportsFolder: '/transports',
    installedPlugins: ['libjanus_audiobridge.so', 'libjanus_echotest.so', 'libjanus_videoroom.so',
      'libjanus_sip.so', 'libjanus_streaming.so'],
    installedTransports: ['libjanus_websockets.so', 'libjanus_http.so', 'libjanus_pfunix.so'],
    ...overrides,
  });
}

function file(files: Record<string, string>, name: string): string {
  const text = files[name];
  assert.ok(text !== undefined, `${name} is written`);
  return text;
}

describe('Janus configuration', () => {
  it('binds the WebSocket API to loopback only, with the admin API off', () => {
    const ws = file(render(), 'janus.transport.websockets.jcfg');

    assert.match(ws, /ws_port = 18188/);
    assert.match(ws, /ws_ip = "127\.0\.0\.1"/);
    assert.match(ws, /wss = false/);
    assert.match(ws, /admin_ws = false/);
    assert.match(ws, /admin_wss = false/);
  });

  it('disables every plugin and transport Confab does not use', () => {
    const janus = file(render(), 'janus.jcfg');

    assert.match(janus, /plugins: \{\n {2}disable = "libjanus_sip\.so,libjanus_streaming\.so"\n\}/);
    assert.match(janus, /transports: \{\n {2}disable = "libjanus_http\.so,libjanus_pfunix\.so"\n\}/);
    assert.doesNotMatch(janus, /disable = "[^"]*audiobridge/);
  });

  it('uses no STUN server, no event handlers and logs to stdout without colours', () => {
    const janus = file(render(), 'janus.jcfg');

    assert.doesNotMatch(janus, /stun_server/);
    assert.match(janus, /broadcast = false/);
    assert.match(janus, /log_to_stdout = true/);
    assert.match(janus, /debug_colors = false/);
    assert.match(janus, /admin_secret = "admin-secret"/);
    assert.match(janus, /api_secret = "api-secret"/);
  });

  it('pins ICE and plain RTP to the media address when one is configured', () => {
    const files = render({ mediaIp: '198.18.0.1' });
    const janus = file(files, 'janus.jcfg');
    const audiobridge = file(files, 'janus.plugin.audiobridge.jcfg');

    assert.match(janus, /interface = "198\.18\.0\.1"/);
    assert.match(janus, /ice_enforce_list = "198\.18\.0\.1"/);
    assert.match(audiobridge, /local_ip = "198\.18\.0\.1"/);
  });

  it('leaves the interface choice to Janus when no media address is configured', () => {
    const files = render();

    assert.doesNotMatch(file(files, 'janus.jcfg'), /interface =|ice_enforce_list/);
    assert.doesNotMatch(file(files, 'janus.plugin.audiobridge.jcfg'), /local_ip/);
  });

  it('gives WebRTC and plain-RTP participants separate slices of the port range', () => {
    const files = render();

    assert.match(file(files, 'janus.jcfg'), /rtp_port_range = "20000-20299"/);
    assert.match(file(files, 'janus.plugin.audiobridge.jcfg'), /rtp_port_range = "20300-20399"/);
    assert.doesNotMatch(file(files, 'janus.plugin.audiobridge.jcfg'), /room-/);
  });

  it('refuses a port range too small to split', () => {
    assert.throws(() => splitRtpPorts({ min: 30000, max: 30003 }), /invalid RTP port range/);
    assert.throws(() => splitRtpPorts({ min: 80, max: 2000 }), /invalid RTP port range/);
  });

  it('writes a fresh folder with new secrets, readable by its owner only', async () => {
    const options = {
      dataDir: dir,
      janus: { binary: '/usr/bin/janus', wsPort: 18189, rtpPorts: { min: 30000, max: 30099 } },
    };

    const first = await writeJanusConfig(options);
    const second = await writeJanusConfig(options);

    assert.equal(second.dir, join(dir, 'janus'));
    assert.equal(second.wsUrl, 'ws://127.0.0.1:18189');
    assert.notEqual(first.adminSecret, second.adminSecret);
    assert.notEqual(first.apiSecret, second.apiSecret);
    const janus = join(second.dir, 'janus.jcfg');
    assert.match(readFileSync(janus, 'utf8'), new RegExp(`admin_secret = "${second.adminSecret}"`));
    assert.equal(statSync(janus).mode & 0o077, 0);
    assert.equal(statSync(second.dir).mode & 0o077, 0);
  });
});
