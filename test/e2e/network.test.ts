import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { HEARD, describeAudio, measureReceivedAudio } from './harness/audio.js';
import { launchBrowser } from './harness/browser.js';
import type { TestBrowser } from './harness/browser.js';
import {
  CLIENT_ADDRESS, SERVER_ADDRESS, createTestNetwork, fetchInNamespace, listNamespaces,
  networkSkipReason, sweepStaleNetworks,
} from './harness/netns.js';
import type { TestNetwork } from './harness/netns.js';
import { microphoneProbe, loopbackCall } from './harness/page-scripts.js';
import { fixture } from './harness/paths.js';
import { eventually } from './harness/wait.js';

// A self-test of the end-to-end harness, with no Confab in it: if this fails, the meeting specs
// cannot say anything about the application.

const skip = networkSkipReason();

const PAGE = '<!doctype html><html><head><title>harness</title></head><body>ready</body></html>';

/** A tiny HTTP server, started inside the server namespace, that answers every path with PAGE. */
function serveTestPage(network: TestNetwork, port: number): ChildProcess {
  const script = [
    'const [host, port, page] = process.argv.slice(1);',
    'require("node:http").createServer((req, res) => {',
    '  res.writeHead(200, { "content-type": "text/html" }); res.end(page);',
    '}).listen(Number(port), host);',
  ].join('\n');
  return network.spawnInServer([process.execPath, '-e', script, SERVER_ADDRESS, String(port), PAGE],
    { stdio: 'ignore' });
}

describe('the test network', { skip, timeout: 120_000 }, () => {
  let network: TestNetwork;
  let pageServer: ChildProcess;
  let browser: TestBrowser | undefined;
  const port = randomInt(20_000, 60_000);
  const origin = `http://${SERVER_ADDRESS}:${port}`;

  before(async () => {
    network = await createTestNetwork();
    pageServer = serveTestPage(network, port);
  });

  after(async () => {
    await browser?.close();
    pageServer.kill('SIGKILL');
    await network.dispose();
  });

  it('lets the client namespace reach a server listening on the server address', async () => {
    const answer = await eventually(() => fetchInNamespace(network.clientNs, `${origin}/`),
      { timeoutMs: 10_000 });

    assert.equal(answer.status, 200);
    assert.equal(answer.body, PAGE);
  });

  it('gives each side only its own address on the link', () => {
    const server = spawnSync('ip', ['-n', network.serverNs, '-o', '-4', 'addr', 'show', 'dev', 'vs'],
      { encoding: 'utf8' }).stdout;
    const client = spawnSync('ip', ['-n', network.clientNs, '-o', '-4', 'addr', 'show', 'dev', 'vc'],
      { encoding: 'utf8' }).stdout;

    assert.match(server, new RegExp(`inet ${SERVER_ADDRESS.replaceAll('.', '\\.')}/24`));
    assert.match(client, new RegExp(`inet ${CLIENT_ADDRESS.replaceAll('.', '\\.')}/24`));
  });

  it('loads the page in Chromium running in the client namespace', async () => {
    browser = await launchBrowser({ network, origin, microphone: fixture('tone-440'), name: 'probe' });

    await browser.page.goto(`${origin}/`);

    assert.equal(await browser.page.title(), 'harness');
  });

  it('turns the application\'s audio processing off before its scripts run', async () => {
    assert.ok(browser, 'needs the browser of the previous step');

    const value = await browser.page.evaluate("localStorage.getItem('confab.audioProcessing')");

    assert.equal(value, 'off');
  });

  it('opens a live fake microphone that plays the tone file', async () => {
    assert.ok(browser, 'needs the browser of the previous step');

    const probe: unknown = await browser.page.evaluate(microphoneProbe);

    assert.ok(typeof probe === 'object' && probe !== null && 'live' in probe && 'rms' in probe);
    assert.equal(probe.live, true);
    // A 0.5-amplitude sine has an RMS of about 0.35; the fake device's own beep is far quieter.
    assert.ok(typeof probe.rms === 'number' && probe.rms > 0.2, `microphone RMS ${String(probe.rms)}`);
  });

  it('measures the audio that a peer connection of the page receives', async () => {
    assert.ok(browser, 'needs the browser of the previous step');

    const { page } = browser;

    const recorded = await page.evaluate(loopbackCall);
    const audio = await eventually(async () => {
      const measured = await measureReceivedAudio(page);
      assert.ok(measured.energy > HEARD, describeAudio(measured));
      return measured;
    }, { timeoutMs: 10_000 });

    assert.equal(recorded, 2, 'both peer connections of the page were recorded');
    assert.ok(audio.newPackets > 0, describeAudio(audio));
  });
});

describe('the test network\'s clean-up', { skip, timeout: 60_000 }, () => {
  it('deletes both namespaces when the network is disposed', async () => {
    const network = await createTestNetwork();
    assert.ok((await listNamespaces()).includes(network.serverNs));

    await network.dispose();

    const left = await listNamespaces();
    assert.ok(!left.includes(network.serverNs), `${network.serverNs} is still there`);
    assert.ok(!left.includes(network.clientNs), `${network.clientNs} is still there`);
  });

  it('sweeps namespaces left by a process that is gone, and keeps those of live ones', async () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    assert.ok(gone !== undefined);
    const mine = await createTestNetwork();
    const stale = `confab-s-${gone}-dead`;
    spawnSync('ip', ['netns', 'add', stale]);

    const swept = await sweepStaleNetworks();

    const left = await listNamespaces();
    await mine.dispose();
    assert.ok(swept.includes(stale), `swept ${swept.join(', ')}`);
    assert.ok(!left.includes(stale), `${stale} is still there`);
    assert.ok(left.includes(mine.serverNs), 'the live network was swept too');
  });
});
