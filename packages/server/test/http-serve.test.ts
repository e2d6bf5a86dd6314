import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { healthSchema, meResponseSchema } from '@confab/protocol';
import { tempDir } from './http-helpers.js';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));

describe('confab serve', () => {
  it('creates the first administrator, prints its password once, serves, and stops on SIGTERM', async (t) => {
    const data = tempDir('confab-serve-');
    t.after(() => data.remove());
    const port = 20000 + Math.floor(Math.random() * 40000);

    const child = spawn(process.execPath, ['--import', 'tsx', main, 'serve'], {
      env: {
        ...process.env, CONFAB_CONFIG: '', CONFAB_DATA_DIR: data.path, CONFAB_PORT: String(port),
        CONFAB_HOST: '127.0.0.1', CONFAB_JANUS_WS_PORT: String(port + 1), CONFAB_ADMIN_PASSWORD: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    t.after(() => child.kill('SIGKILL'));

    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    await waitFor(() => stdout.includes('Confab is listening'), 15_000);

    const password = /Administrator account "admin" created with password: (\S+)/.exec(stdout)?.[1];
    assert.ok(password, stdout);
    assert.equal(stdout.split(password).length - 1, 1, 'the password is printed exactly once');

    const base = `http://127.0.0.1:${port}`;
    const login = await fetch(`${base}/api/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    assert.equal(login.status, 200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

    const me = await fetch(`${base}/api/me`, { headers: { cookie } });
    assert.equal(meResponseSchema.parse(await me.json()).user.isAdmin, true);
    const health = await fetch(`${base}/healthz`);
    assert.ok(healthSchema.safeParse(await health.json()).success);

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
    assert.ok(!stdout.split('\n').some((line) => line.startsWith('{') && line.includes(password)),
      'no log line carries the password');
  });
});

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
