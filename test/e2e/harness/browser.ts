import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import type { TestNetwork } from './netns.js';
import { resultsDir } from './paths.js';
import { recorderInitScript } from './page-scripts.js';

/** Debian's Chromium; CONFAB_CHROMIUM points elsewhere. */
const chromiumPath = process.env.CONFAB_CHROMIUM ?? '/usr/bin/chromium';

export interface BrowserOptions {
  network: TestNetwork;
  /** The origin the browser will open, which Chromium must treat as secure for getUserMedia. */
  origin: string;
  /** The WAV file its fake microphone plays (looped), or null for a person who refuses it. */
  microphone: string | null;
  /** A short name for logs: alice, bob… */
  name: string;
}

/** One Chromium in the client namespace with one page, its console copied to a log file. */
export interface TestBrowser {
  readonly name: string;
  readonly context: BrowserContext;
  readonly page: Page;
  readonly logFile: string;
  close(): Promise<void>;
}

/** How to start Chromium inside a test network: an executable wrapper and the command line. */
export interface ChromiumInNetwork {
  executablePath: string;
  args: string[];
  /** Removes the wrapper's folder. */
  dispose(): void;
}

/**
 * Prepares a Chromium launch in the client namespace with a fake microphone playing `microphone`
 * (or, when it is null, with the microphone permission refused).
 * Playwright drives Chromium over a pipe on inherited descriptors, which `ip netns exec` passes
 * through, so wrapping the executable is all it takes to move the browser.
 */
export function chromiumInNetwork(network: TestNetwork, origin: string, microphone: string | null,
  workDir: string): ChromiumInNetwork {
  const executablePath = join(workDir, 'chromium-in-netns');
  writeFileSync(executablePath,
    `#!/bin/sh\nexec ip netns exec '${network.clientNs}' '${chromiumPath}' "$@"\n`);
  chmodSync(executablePath, 0o755);

  return {
    executablePath,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--use-fake-device-for-media-stream',
      // Without the fake permission prompt, headless Chromium refuses the microphone, as a person
      // who answers "Block" would.
      ...(microphone === null ? [] : [
        '--use-fake-ui-for-media-stream', `--use-file-for-fake-audio-capture=${microphone}`,
      ]),
      '--autoplay-policy=no-user-gesture-required',
      // Plain http needs this to count as a secure origin (getUserMedia); https stands on its own,
      // with the test server's self-signed certificate accepted.
      origin.startsWith('https:') ? '--ignore-certificate-errors'
        : `--unsafely-treat-insecure-origin-as-secure=${origin}`,
      '--lang=en-US',
    ],
    dispose: () => rmSync(workDir, { recursive: true, force: true }),
  };
}

/** Launches Chromium inside the client namespace with a fake microphone and the stats recorder. */
export async function launchBrowser(options: BrowserOptions): Promise<TestBrowser> {
  const workDir = mkdtempSync(join(tmpdir(), `confab-chromium-${options.name}-`));
  const profileDir = join(workDir, 'profile');
  const logDir = join(resultsDir, options.network.id);
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${options.name}.log`);

  const launch = chromiumInNetwork(options.network, options.origin, options.microphone, workDir);
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: launch.executablePath,
    headless: true,
    locale: 'en-US',
    viewport: { width: 1280, height: 800 },
    timeout: 30_000,
    args: launch.args,
  });
  await context.addInitScript({ content: recorderInitScript });

  const page = context.pages()[0] ?? await context.newPage();
  const log = (line: string): void => appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`);
  page.on('console', (message) => log(`[${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => log(`[pageerror] ${error.message}`));
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) log(`[navigated] ${frame.url()}`);
  });

  return {
    name: options.name,
    context,
    page,
    logFile,
    close: async () => {
      await context.close().catch(() => undefined);
      launch.dispose();
    },
  };
}
