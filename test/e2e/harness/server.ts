import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { healthSchema } from '@confab/protocol';
import type { Health } from '@confab/protocol';
import { SERVER_ADDRESS, fetchInNamespace, namespacePids } from './netns.js';
import type { TestNetwork } from './netns.js';
import { repoRoot, resultsDir, serverMain } from './paths.js';
import { eventually, sleep } from './wait.js';

/** An account made with the server's command line before or while it runs. */
export interface TestUser {
  username: string;
  password: string;
  meetingRight?: boolean;
}

export interface ServerOptions {
  network: TestNetwork;
  /** Accounts to create before the server starts. */
  users?: readonly TestUser[];
  /** CONFAB_EMPTY_MEETING_GRACE, in seconds. */
  emptyMeetingGraceSeconds?: number;
  /** More settings, e.g. `{ CONFAB_MAX_PARTICIPANTS: '3' }`. */
  env?: Readonly<Record<string, string>>;
}

/** The real Confab server (and the Janus it supervises) running in the test network's server side. */
export interface TestServer {
  /** The origin browsers open, e.g. `http://198.18.0.1:43121`. */
  readonly origin: string;
  readonly port: number;
  readonly dataDir: string;
  readonly adminPassword: string;
  /** Where the server's output goes; read it when a test fails. */
  readonly logFile: string;
  /** GET /healthz, from inside the server namespace. */
  health(): Promise<Health>;
  /** Waits until /healthz reports Janus running and connected (with another pid than `notPid`). */
  waitForJanus(opts?: { notPid?: number; timeoutMs?: number }): Promise<Health>;
  /** The pid of the Janus the server supervises now. */
  janusPid(): Promise<number>;
  /** Kills Janus with SIGKILL, as a crash would; returns the pid it killed. */
  killJanus(): Promise<number>;
  /** Creates an account with `confab user add`, on the same data folder. */
  addUser(user: TestUser): Promise<void>;
  /** The last lines of the server's log. */
  logTail(lines?: number): string;
  /**
   * SIGTERM, then SIGKILL after 10 s. Throws when anything (a Janus) was left running in the
   * server namespace, after killing it.
   */
  stop(): Promise<void>;
}

/** Starts `node packages/server/dist/main.js serve` in the server namespace and waits for Janus. */
export async function startServer(options: ServerOptions): Promise<TestServer> {
  const { network } = options;
  if (!existsSync(serverMain)) throw new Error(`${serverMain} is missing: run \`npm run build\` first`);
  const port = randomInt(20_000, 40_000);
  const janusWsPort = randomInt(40_000, 45_000);
  const rtpBase = randomInt(45_000, 59_000);
  const origin = `http://${SERVER_ADDRESS}:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'confab-e2e-'));
  const adminPassword = randomBytes(12).toString('base64url');
  const logDir = join(resultsDir, network.id);
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, 'server.log');

  const env: NodeJS.ProcessEnv = {
    ...childEnv(),
    CONFAB_HOST: SERVER_ADDRESS,
    CONFAB_PORT: String(port),
    CONFAB_PUBLIC_URL: origin,
    CONFAB_MEDIA_IP: SERVER_ADDRESS,
    CONFAB_DATA_DIR: dataDir,
    CONFAB_ADMIN_PASSWORD: adminPassword,
    CONFAB_JANUS_WS_PORT: String(janusWsPort),
    CONFAB_RTP_PORTS: `${rtpBase}-${rtpBase + 999}`,
    CONFAB_LOG_LEVEL: 'debug',
    ...(options.emptyMeetingGraceSeconds === undefined ? {}
      : { CONFAB_EMPTY_MEETING_GRACE: String(options.emptyMeetingGraceSeconds) }),
    ...options.env,
  };

  const addUser = async (user: TestUser): Promise<void> => {
    // "--password -" reads it from standard input, which keeps it out of the process list.
    const args = ['user', 'add', user.username, '--password', '-'];
    if (user.meetingRight === true) args.push('--meeting-right');
    const cli = network.spawnInServer([process.execPath, serverMain, ...args],
      { cwd: repoRoot, env, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    cli.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    cli.stdin?.end(`${user.password}\n`);

    const [code] = await once(cli, 'exit');
    if (code !== 0) {
      throw new Error(`confab user add ${user.username} failed (${code}): ${stderr.trim()}`);
    }
  };

  // Accounts first: the command line and the server then never write the database at once.
  for (const user of options.users ?? []) await addUser(user);

  const logFd = openSync(logFile, 'a');
  const child = network.spawnInServer([process.execPath, serverMain, 'serve'],
    { cwd: repoRoot, env, stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  const exited = exitPromise(child);

  const logTail = (lines = 40): string => {
    try {
      // Our own /healthz polls would fill the tail; they say nothing the caller does not know.
      return readFileSync(logFile, 'utf8').trimEnd().split('\n')
        .filter((line) => !line.includes('"/healthz"')).slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  };

  const health = async (): Promise<Health> => {
    const { status, body } = await fetchInNamespace(network.serverNs, `${origin}/healthz`);
    const parsed = healthSchema.safeParse(JSON.parse(body));
    if (!parsed.success) throw new Error(`/healthz answered ${status} with ${body.slice(0, 300)}`);
    return parsed.data;
  };

  const waitForJanus = async (opts: { notPid?: number; timeoutMs?: number } = {}): Promise<Health> => {
    return eventually(async () => {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new ServerExited(`the server exited (${child.exitCode ?? child.signalCode})`);
      }
      const now = await health();
      const { state, connected, pid } = now.janus;
      if (state !== 'running' || !connected || pid === null || pid === opts.notPid) {
        throw new Error(`Janus is ${state}, connected=${connected}, pid ${pid}`);
      }
      return now;
    }, { timeoutMs: opts.timeoutMs ?? 30_000, intervalMs: 250, stopOn: ServerExited });
  };

  const janusPid = async (): Promise<number> => {
    const { janus } = await health();
    if (janus.pid === null) throw new Error(`Janus has no pid (state ${janus.state})`);
    return janus.pid;
  };

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timedOut = await Promise.race([exited.then(() => false), sleep(10_000).then(() => true)]);
      if (timedOut) {
        child.kill('SIGKILL');
        await exited;
      }
    }

    // Janus is the server's child in the same namespace: anything still there was orphaned.
    const left = await namespacePids(network.serverNs);
    for (const pid of left) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    if (left.length > 0) {
      throw new Error(`processes ${left.join(', ')} were left running after the server stopped`);
    }
  };

  try {
    await waitForJanus();
  } catch (error) {
    await stop().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`the server did not get ready: ${reason}\n(${logFile}, last lines:)\n${logTail(20)}`,
      { cause: error });
  }

  return {
    origin, port, dataDir, adminPassword, logFile,
    health, waitForJanus, janusPid, addUser, logTail, stop,
    killJanus: async () => {
      const pid = await janusPid();
      process.kill(pid, 'SIGKILL');
      return pid;
    },
  };
}

class ServerExited extends Error {}

/** The test runner's own variables would make a child node believe it is a test file. */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  delete env.NODE_OPTIONS;
  return env;
}

function exitPromise(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}
