// Time from pressing "Join" to the first received audio packet, over 20 joins of a real Chromium
// into a meeting on a real Confab server and Janus, inside a test network of its own.
// Run: node --import tsx bench/join-latency.ts   (as root; after `npm run build`)
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { leaveButton, logIn, meetNow, readMeetingInfo, submitJoin } from '../test/e2e/harness/app.js';
import { openScene, testUser } from '../test/e2e/harness/scene.js';
import { repoRoot } from '../test/e2e/harness/paths.js';
import { firstAudioArrived, joinTimingScript, joinToFirstAudioMs } from './lib/page-timing.js';
import { percentile } from './lib/proc.js';

const JOINS = Number(process.env.BENCH_JOINS ?? 20);
const WARM_UP = 1;

async function main(): Promise<void> {
  const alice = testUser('alice', true);
  const bob = testUser('bob');
  const scene = await openScene({ users: [alice, bob] });

  try {
    const host = await scene.openBrowser('alice', 'tone-440');
    await logIn(host.page, scene.server.origin, alice);
    await meetNow(host.page);
    const { meetingId } = await readMeetingInfo(host.page);

    const guest = await scene.openBrowser('bob', 'tone-660');
    await guest.context.addInitScript({ content: joinTimingScript });
    await logIn(guest.page, scene.server.origin, bob);

    const samples: number[] = [];
    for (let i = 0; i < WARM_UP + JOINS; i++) {
      await guest.page.goto(`${scene.server.origin}/`);
      await submitJoin(guest.page, meetingId);
      await guest.page.waitForFunction(firstAudioArrived, null, { timeout: 15_000 });
      const ms = Number(await guest.page.evaluate(joinToFirstAudioMs));
      if (i >= WARM_UP) samples.push(ms);
      process.stderr.write(`join ${i + 1 - WARM_UP}: ${ms.toFixed(0)} ms\n`);

      await leaveButton(guest.page).click();
      await guest.page.getByText('You left the meeting').waitFor({ timeout: 10_000 });
    }

    const result = {
      benchmark: 'join-to-first-audio',
      joins: samples.length,
      p50Ms: Math.round(percentile(samples, 50)),
      p95Ms: Math.round(percentile(samples, 95)),
      minMs: Math.round(Math.min(...samples)),
      maxMs: Math.round(Math.max(...samples)),
      samplesMs: samples.map((ms) => Math.round(ms)),
      at: new Date().toISOString(),
    };
    const dir = join(repoRoot, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'join-latency.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify(result));
  } finally {
    await scene.close();
  }
}

await main();
