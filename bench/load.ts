// CPU and memory of the Confab server and of Janus with 10 participants in one meeting, each a
// Chromium page (one browser, one context per account) sending a tone through a real Janus.
// Run: node --import tsx bench/load.ts   (as root; after `npm run build`)
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Page } from 'playwright-core';
import { joinMeeting, logIn, meetNow, readMeetingInfo } from '../test/e2e/harness/app.js';
import { waitUntilHearing } from '../test/e2e/harness/audio.js';
import { chromiumInNetwork } from '../test/e2e/harness/browser.js';
import { namespacePids } from '../test/e2e/harness/netns.js';
import { recorderInitScript } from '../test/e2e/harness/page-scripts.js';
import { fixture, repoRoot } from '../test/e2e/harness/paths.js';
import { openScene, testUser } from '../test/e2e/harness/scene.js';
import { sampleUsage } from './lib/proc.js';
import type { ProcessUsage } from './lib/proc.js';

const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 10);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 30_000);

async function main(): Promise<void> {
  const users = Array.from({ length: PARTICIPANTS }, (_, i) => testUser(`user${i}`, i === 0));
  const scene = await openScene({ users, env: { CONFAB_LOG_LEVEL: 'info' } });
  const launch = chromiumInNetwork(scene.network, scene.server.origin, fixture('tone-440'),
    mkdtempSync(join(tmpdir(), 'confab-bench-chromium-')));
  const browser = await chromium.launch({
    executablePath: launch.executablePath, args: launch.args, headless: true, timeout: 30_000,
  });

  try {
    const pages: Page[] = [];
    let meetingId = '';
    for (const [i, user] of users.entries()) {
      const context = await browser.newContext({ locale: 'en-US' });
      await context.addInitScript({ content: recorderInitScript });
      const page = await context.newPage();
      await logIn(page, scene.server.origin, user);
      if (i === 0) {
        await meetNow(page);
        meetingId = (await readMeetingInfo(page)).meetingId;
      } else {
        await joinMeeting(page, meetingId);
      }
      pages.push(page);
    }
    for (const page of pages) await waitUntilHearing(page, 30_000);
    const health = await scene.server.health();
    process.stderr.write(`${health.meetings.participants} participants hear each other; sampling\n`);

    const serverSide = await namespacePids(scene.network.serverNs);
    const clientSide = await namespacePids(scene.network.clientNs);
    const usage = await sampleUsage([...serverSide, ...clientSide], WINDOW_MS);
    const server = usage.filter((u) => serverSide.includes(u.pid));
    const browsers = usage.filter((u) => clientSide.includes(u.pid));

    const pick = (name: string): ProcessUsage | undefined => server.find((u) => u.name === name);
    const round = (n: number | undefined) => (n === undefined ? null : Math.round(n * 10) / 10);
    const result = {
      benchmark: 'load-one-meeting',
      participants: health.meetings.participants,
      windowSeconds: WINDOW_MS / 1000,
      confabServer: { cpuPercent: round(pick('node')?.cpuPercent), rssMiB: round(pick('node')?.rssMiB) },
      janus: { cpuPercent: round(pick('janus')?.cpuPercent), rssMiB: round(pick('janus')?.rssMiB) },
      chromiumAll: {
        processes: browsers.length,
        cpuPercent: round(browsers.reduce((sum, u) => sum + u.cpuPercent, 0)),
        rssMiB: round(browsers.reduce((sum, u) => sum + u.rssMiB, 0)),
      },
      serverProcesses: server.map((u) => `${u.name}:${u.pid}`),
      at: new Date().toISOString(),
    };
    const dir = join(repoRoot, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `load-${PARTICIPANTS}.json`), `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify(result));
  } finally {
    await browser.close().catch(() => undefined);
    launch.dispose();
    await scene.close();
  }
}

await main();
