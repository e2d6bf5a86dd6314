import { randomBytes } from 'node:crypto';
import { launchBrowser } from './browser.js';
import type { TestBrowser } from './browser.js';
import { createTestNetwork } from './netns.js';
import type { TestNetwork } from './netns.js';
import { fixture } from './paths.js';
import type { Fixture } from './paths.js';
import { startServer } from './server.js';
import type { ServerOptions, TestServer, TestUser } from './server.js';

/** A test network with one Confab server in it, and the browsers a spec file opens against it. */
export interface Scene {
  readonly network: TestNetwork;
  readonly server: TestServer;
  /** A browser in the client namespace whose fake microphone plays `tone` ('refused': no permission). */
  openBrowser(name: string, tone: Fixture | 'refused'): Promise<TestBrowser>;
  /** Closes every browser, stops the server (failing if Janus was left) and removes the network. */
  close(): Promise<void>;
}

/** An account for a spec, with a fresh random password. */
export function testUser(username: string, meetingRight = false): TestUser {
  return { username, password: randomBytes(12).toString('base64url'), meetingRight };
}

/** Sets up the network and starts the server; on failure, undoes what was made. */
export async function openScene(options: Omit<ServerOptions, 'network'>): Promise<Scene> {
  const network = await createTestNetwork();
  let server: TestServer;
  try {
    server = await startServer({ ...options, network });
  } catch (error) {
    await network.dispose();
    throw error;
  }

  const browsers: TestBrowser[] = [];
  return {
    network,
    server,
    openBrowser: async (name, tone) => {
      const browser = await launchBrowser({
        network, origin: server.origin, microphone: tone === 'refused' ? null : fixture(tone), name,
      });
      browsers.push(browser);
      return browser;
    },
    close: async () => {
      await Promise.all(browsers.map((browser) => browser.close()));
      try {
        await server.stop();
      } finally {
        await network.dispose();
      }
    },
  };
}
