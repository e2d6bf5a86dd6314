import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { after, describe, it } from 'node:test';
import { pino } from 'pino';
import { loadConfig } from '../src/config/index.js';
import { StartError, startServer } from '../src/server.js';
import { DataDirBusyError, claimDataDir } from '../src/store/data-dir-lock.js';
import { tempDir } from './http-helpers.js';

const silent = pino({ level: 'silent' });

async function listening(): Promise<Server> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

function portOf(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function freePort(): Promise<number> {
  const server = await listening();
  const port = portOf(server);
  server.close();
  return port;
}

async function configFor(dataDir: string, env: Record<string, string> = {}) {
  const rtp = 30000 + Math.floor(Math.random() * 200) * 100;
  return loadConfig({
    CONFAB_DATA_DIR: dataDir, CONFAB_PORT: String(await freePort()),
    CONFAB_JANUS_WS_PORT: String(await freePort()), CONFAB_RTP_PORTS: `${rtp}-${rtp + 99}`,
    CONFAB_ADMIN_PASSWORD: 'admin-secret-1', ...env,
  });
}

describe('starting the server', () => {
  const data = tempDir('confab-start-');
  after(() => data.remove());

  it('refuses a second server on the same data folder, and leaves the first one working', async () => {
    const first = await startServer(await configFor(data.path), silent);
    try {
      await assert.rejects(startServer(await configFor(data.path), silent),
        (err: unknown) => err instanceof StartError && /another Confab server \(pid \d+\)/.test(err.message));

      const health = await fetch(`${first.url}/healthz`);
      assert.equal(health.status, 200);
    } finally {
      await first.close();
    }

    // Once the first one stopped, the folder is free again.
    const again = await startServer(await configFor(data.path), silent);
    await again.close();
  });

  it('takes over a data folder whose server was killed, and refuses one held by a live process', async () => {
    const dir = tempDir('confab-lock-');
    const lockModule = new URL('../src/store/data-dir-lock.ts', import.meta.url).href;
    const holder = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e',
      `import { claimDataDir } from ${JSON.stringify(lockModule)};
       claimDataDir(${JSON.stringify(dir.path)}); console.log('claimed'); setInterval(() => {}, 1000);`],
    { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await once(holder.stdout, 'data');
      assert.throws(() => claimDataDir(dir.path),
        (err: unknown) => err instanceof DataDirBusyError && err.message.includes(`pid ${holder.pid}`));

      holder.kill('SIGKILL');
      await once(holder, 'exit');
      const release = claimDataDir(dir.path);
      release();
    } finally {
      holder.kill('SIGKILL');
      dir.remove();
    }
  });

  it('stops with a line naming CONFAB_JANUS_WS_PORT when that port is taken', async () => {
    const squatter = await listening();
    try {
      const config = await configFor(tempDir('confab-start-port-').path,
        { CONFAB_JANUS_WS_PORT: String(portOf(squatter)) });
      await assert.rejects(startServer(config, silent),
        (err: unknown) => err instanceof StartError && err.message.startsWith('CONFAB_JANUS_WS_PORT:'));
    } finally {
      squatter.close();
    }
  });

  it('stops with a line naming CONFAB_JANUS_BINARY when Janus is not installed there', async () => {
    const config = await configFor(tempDir('confab-start-bin-').path,
      { CONFAB_JANUS_BINARY: '/nonexistent/janus' });
    await assert.rejects(startServer(config, silent),
      (err: unknown) => err instanceof StartError && err.message.startsWith('CONFAB_JANUS_BINARY:'));
  });
});
