import { spawnSync } from 'node:child_process';
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
  /** CONFAB_EMPTY_MEETING_GRACE, in seconds (30 unless given). */
  emptyMeetingGraceSeconds?: number;
  /** More settings, e.g. `{ CONFAB_MAX_PARTICIPANTS: '3' }`. */
  env?: Readonly<Record<string, string>>;
  /** Serve HTTPS with a fresh self-signed certificate for the server address. */
  tls?: boolean;
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
  /** Stops the server as an operator would (SIGTERM) and starts it again on the same data. */
  restart(): Promise<void>;
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
  if (!existsSync(serverMain)) throw new Error(`${serverMain} is missing: run \`npm run build\` first`);

  const server = new ServerProcess(options);
  // Accounts first: the command line and the server then never write the database at once.
  for (const user of options.users ?? []) await server.addUser(user);
  server.spawn();

  try {
    await server.waitForJanus();
  } catch (error) {
    await server.stop().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`the server did not get ready: ${reason}\n`
      + `(${server.logFile}, last lines:)\n${server.logTail(20)}`, { cause: error });
  }
  return server;
}

class ServerExited extends Error {}

class ServerProcess implements TestServer {
  readonly origin: string;
  readonly port = randomInt(20_000, 40_000);
  readonly dataDir = mkdtempSync(join(tmpdir(), 'confab-e2e-'));
  readonly adminPassword = randomBytes(12).toString('base64url');
  readonly logFile: string;
  /** The server's certificate when it serves HTTPS. */
  readonly certFile: string | null;
  private readonly network: TestNetwork;
  private readonly env: NodeJS.ProcessEnv;
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(options: ServerOptions) {
    this.network = options.network;
    this.certFile = options.tls ? selfSignedCertificate(this.dataDir) : null;
    this.origin = `${this.certFile ? 'https' : 'http'}://${SERVER_ADDRESS}:${this.port}`;
    const logDir = join(resultsDir, options.network.id);
    mkdirSync(logDir, { recursive: true });
    this.logFile = join(logDir, 'server.log');

    // Every port is random so that a leftover of an earlier run can never answer for this one.
    const rtpBase = randomInt(45_000, 59_000);
    this.env = {
      ...childEnv(),
      CONFAB_HOST: SERVER_ADDRESS,
      CONFAB_PORT: String(this.port),
      CONFAB_PUBLIC_URL: this.origin,
      CONFAB_MEDIA_IP: SERVER_ADDRESS,
      CONFAB_DATA_DIR: this.dataDir,
      CONFAB_ADMIN_PASSWORD: this.adminPassword,
      CONFAB_JANUS_WS_PORT: String(randomInt(40_000, 45_000)),
      CONFAB_RTP_PORTS: `${rtpBase}-${rtpBase + 999}`,
      CONFAB_EMPTY_MEETING_GRACE: String(options.emptyMeetingGraceSeconds ?? 30),
      CONFAB_LOG_LEVEL: 'debug',
      ...(this.certFile ? {
        CONFAB_TLS_CERT: this.certFile, CONFAB_TLS_KEY: join(this.dataDir, 'tls-key.pem'),
      } : {}),
      ...options.env,
    };
  }

  /** Runs `serve`, its output appended to the log file. */
  spawn(): void {
    const logFd = openSync(this.logFile, 'a');
    const child = this.network.spawnInServer([process.execPath, serverMain, 'serve'],
      { cwd: repoRoot, env: this.env, stdio: ['ignore', logFd, logFd] });
    closeSync(logFd);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  async addUser(user: TestUser): Promise<void> {
    // "--password -" reads it from standard input, which keeps it out of the process list.
    const args = ['user', 'add', user.username, '--password', '-'];
    if (user.meetingRight === true) args.push('--meeting-right');
    const cli = this.network.spawnInServer([process.execPath, serverMain, ...args],
      { cwd: repoRoot, env: this.env, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    cli.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    cli.stdin?.end(`${user.password}\n`);

    const [code] = await once(cli, 'exit');
    if (code !== 0) {
      throw new Error(`confab user add ${user.username} failed (${code}): ${stderr.trim()}`);
    }
  }

  async health(): Promise<Health> {
    const { status, body } = await fetchInNamespace(this.network.serverNs, `${this.origin}/healthz`,
      5000, this.certFile ?? undefined);
    const parsed = healthSchema.safeParse(JSON.parse(body));
    if (!parsed.success) throw new Error(`/healthz answered ${status} with ${body.slice(0, 300)}`);
    return parsed.data;
  }

  async waitForJanus(opts: { notPid?: number; timeoutMs?: number } = {}): Promise<Health> {
    return eventually(async () => {
      if (!this.running()) throw new ServerExited('the server exited');

      const now = await this.health();
      const { state, connected, pid } = now.janus;
      if (state !== 'running' || !connected || pid === null || pid === opts.notPid) {
        throw new Error(`Janus is ${state}, connected=${connected}, pid ${pid}`);
      }
      return now;
    }, { timeoutMs: opts.timeoutMs ?? 30_000, intervalMs: 250, stopOn: ServerExited });
  }

  async janusPid(): Promise<number> {
    const { janus } = await this.health();
    if (janus.pid === null) throw new Error(`Janus has no pid (state ${janus.state})`);
    return janus.pid;
  }

  async killJanus(): Promise<number> {
    const pid = await this.janusPid();
    process.kill(pid, 'SIGKILL');
    return pid;
  }

  logTail(lines = 40): string {
    try {
      // Our own /healthz polls would fill the tail; they say nothing the caller does not know.
      return readFileSync(this.logFile, 'utf8').trimEnd().split('\n')
        .filter((line) => !line.includes('"/healthz"')).slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  async restart(): Promise<void> {
    await this.halt();
    this.spawn();
    await this.waitForJanus();
  }

  async stop(): Promise<void> {
    try {
      await this.halt();
    } finally {
      rmSync(this.dataDir, { recursive: true, force: true });
    }
  }

  /** SIGTERM (SIGKILL after 10 s); throws, after killing them, if processes were left behind. */
  private async halt(): Promise<void> {
    if (this.child && this.running()) {
      this.child.kill('SIGTERM');
      const timedOut = await Promise.race([
        this.exited.then(() => false), sleep(10_000).then(() => true),
      ]);
      if (timedOut) {
        this.child.kill('SIGKILL');
        await this.exited;
      }
    }

    // Janus is the server's child in the same namespace: anything still there was orphaned.
    const left = await namespacePids(this.network.serverNs);
    for (const pid of left) process.kill(pid, 'SIGKILL');
    if (left.length > 0) {
      throw new Error(`processes ${left.join(', ')} were left running after the server stopped`);
    }
  }

  private running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }
}

/** The test runner's own variables would make a child node believe it is a test file. */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  delete env.NODE_OPTIONS;
  return env;
}

/** Makes a self-signed certificate for the server address, as an operator's own CA would issue. */
function selfSignedCertificate(dir: string): string {
  const cert = join(dir, 'tls-cert.pem');
  const result = spawnSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${SERVER_ADDRESS}`,
    '-addext', `subjectAltName=IP:${SERVER_ADDRESS}`,
    '-keyout', join(dir, 'tls-key.pem'), '-out', cert,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (result.status !== 0) throw new Error(`openssl failed: ${result.stderr.toString()}`);
  return cert;
}
