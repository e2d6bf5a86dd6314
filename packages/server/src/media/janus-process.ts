import { spawn } from 'node:child_process';
import type { ChildProcess, SpawnOptionsWithStdioTuple } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ConfabError } from '@confab/protocol';
import type { Logger } from '../log.js';
import { writeJanusConfig } from './janus-config.js';
import { checkJanusCanStart } from './preflight.js';
import { probeJanus } from './janode-connect.js';
import type { JanusEndpoint } from './janode-connect.js';
import type { MediaOptions } from './options.js';
import type { MediaServerState } from './types.js';

/**
 * Restart delays after consecutive deaths: the first restart is immediate (a crash mid-meeting
 * must cost as little audio as possible), then it backs off so a Janus that cannot start does not
 * spin a core.
 */
const BACKOFF_MS = [0, 250, 500, 1000, 2000, 4000, 5000];
/** A Janus that stayed up this long is healthy again: its next death restarts it at once. */
const STABLE_AFTER_MS = 10_000;
const PROBE_INTERVAL_MS = 100;
const PROBE_TIMEOUT_MS = 1000;
/** Janus takes about half a second to load its plugins; a spawn not answering by then is stuck. */
const READY_TIMEOUT_MS = 15_000;
const STOP_GRACE_MS = 3000;
const SETPRIV_PATHS = ['/usr/bin/setpriv', '/bin/setpriv'];

export interface SupervisorEvents {
  state: [state: MediaServerState];
  /** Janus's API answers; `pid` is the process that serves it. */
  ready: [pid: number];
  /** The Janus process ended; `expected` is true only after `stop()`. */
  exit: [info: { pid: number; code: number | null; signal: NodeJS.Signals | null; expected: boolean }];
}

/**
 * Runs Janus as a child process: writes its configuration, starts it, watches its API, restarts it
 * when it dies, and stops it with the server. With `janus.url` set it supervises nothing and only
 * reports `external`.
 */
export class JanusSupervisor extends EventEmitter<SupervisorEvents> {
  readonly #options: MediaOptions;
  readonly #log: Logger;
  #state: MediaServerState;
  #endpoint: JanusEndpoint | null = null;
  #configDir: string | null = null;
  #child: ChildProcess | null = null;
  #restarts = 0;
  #failures = 0;
  #stopping = false;
  #started: Promise<void> | null = null;
  #abortStart: ((err: Error) => void) | null = null;
  #restartTimer: NodeJS.Timeout | null = null;
  #stableTimer: NodeJS.Timeout | null = null;
  readonly #killOnExit = (): void => {
    // The process is going away without stop(): take Janus with it (a synchronous kill is all
    // an 'exit' listener may do).
    this.#child?.kill('SIGKILL');
  };

  constructor(options: MediaOptions, log: Logger) {
    super();
    this.#options = options;
    this.#log = log.child({ module: 'janus-process' });
    const url = options.janus.url;
    this.#state = url ? 'external' : 'stopped';
    if (url) this.#endpoint = { url, apiSecret: options.janus.apiSecret ?? null };
  }

  get state(): MediaServerState {
    return this.#state;
  }

  /** How many times Janus was started again after dying. */
  get restarts(): number {
    return this.#restarts;
  }

  /** The running Janus's process id, or null (also when Janus is external). */
  get pid(): number | null {
    return this.#child?.pid ?? null;
  }

  /** Where to reach Janus's API; null until `start()` has written the configuration. */
  get endpoint(): JanusEndpoint | null {
    return this.#endpoint;
  }

  /**
   * Starts Janus and resolves once its API answers. Rejects with `media-unavailable` when it does
   * not come up in time; the supervisor keeps trying in the background after that.
   */
  start(): Promise<void> {
    if (this.#state === 'external') return Promise.resolve();
    this.#started ??= this.#start();
    return this.#started;
  }

  /** Stops Janus: SIGTERM, then SIGKILL if it is still there after 3 s. */
  async stop(): Promise<void> {
    if (this.#state === 'external') return;
    this.#stopping = true;
    this.#started = null;
    this.#clearTimers();
    this.#abortStart?.(new ConfabError('media-unavailable', 'Janus was stopped while starting'));

    const child = this.#child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        this.#log.warn({ janusPid: child.pid }, 'Janus ignored SIGTERM; killing it');
        child.kill('SIGKILL');
      }, STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }

    process.off('exit', this.#killOnExit);
    this.#setState('stopped');
  }

  async #start(): Promise<void> {
    this.#stopping = false;
    await checkJanusCanStart(this.#options);
    const config = await writeJanusConfig(this.#options);
    this.#endpoint = { url: config.wsUrl, apiSecret: config.apiSecret };
    this.#configDir = config.dir;
    process.on('exit', this.#killOnExit);
    this.#setState('starting');

    const ready = new Promise<void>((resolve, reject) => {
      const settle = (err: Error | null): void => {
        clearTimeout(timer);
        this.off('ready', onReady);
        this.#abortStart = null;
        if (err) reject(err);
        else resolve();
      };
      const onReady = (): void => settle(null);
      const timer = setTimeout(() => {
        settle(new ConfabError('media-unavailable', 'Janus did not start; see its log lines'));
      }, READY_TIMEOUT_MS + 1000);
      this.#abortStart = settle;
      this.once('ready', onReady);
    });
    this.#spawn();
    await ready;
  }

  #spawn(): void {
    const configDir = this.#configDir;
    if (this.#stopping || !configDir) return;
    const binary = this.#options.janus.binary;
    const janusArgs = ['-F', configDir, '-o'];

    // setpriv execs Janus in place (same pid) with a parent-death signal, so Janus dies with
    // Confab even when Confab is killed with SIGKILL and no exit handler runs.
    const setpriv = SETPRIV_PATHS.find((path) => existsSync(path));
    // Its own process group, so a Ctrl-C in Confab's terminal reaches Confab alone, which then stops
    // Janus in order instead of both shutting down at once.
    const spawnOptions: SpawnOptionsWithStdioTuple<'ignore', 'pipe', 'pipe'> = {
      stdio: ['ignore', 'pipe', 'pipe'], detached: true,
    };
    const child = setpriv
      ? spawn(setpriv, ['--pdeathsig', 'KILL', '--', binary, ...janusArgs], spawnOptions)
      : spawn(binary, janusArgs, spawnOptions);
    this.#child = child;
    const pid = child.pid ?? 0;
    const log = this.#log.child({ janusPid: pid });
    log.info({ configDir }, 'Janus starting');

    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => logJanusLine(log, line));
    }

    let ended = false;
    const onEnd = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (ended) return;
      ended = true;
      this.#onExit(child, pid, code, signal);
    };
    child.once('error', (err) => {
      log.error({ err }, 'could not run Janus');
      // A failed spawn emits no 'exit'; treat it as a death so the backoff applies.
      if (child.pid === undefined) onEnd(null, null);
    });
    child.once('exit', onEnd);

    void this.#waitReady(child, log);
  }

  async #waitReady(child: ChildProcess, log: Logger): Promise<void> {
    const endpoint = this.#endpoint;
    const deadline = Date.now() + READY_TIMEOUT_MS;

    while (this.#child === child && endpoint && !this.#stopping) {
      try {
        const version = await probeJanus(endpoint, PROBE_TIMEOUT_MS);
        if (this.#child !== child || this.#stopping) return;
        log.info({ version }, 'Janus ready');
        this.#setState('running');
        this.#stableTimer = setTimeout(() => {
          this.#failures = 0;
        }, STABLE_AFTER_MS);
        this.emit('ready', child.pid ?? 0);
        return;
      } catch {
        // Not listening yet; Janus opens its WebSocket port last.
      }

      if (Date.now() > deadline) {
        log.error('Janus did not answer on its API; killing it');
        child.kill('SIGKILL');
        return;
      }
      await sleep(PROBE_INTERVAL_MS);
    }
  }

  #onExit(child: ChildProcess, pid: number, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.#child !== child) return;
    this.#child = null;
    this.#clearTimers();

    const expected = this.#stopping;
    this.emit('exit', { pid, code, signal, expected });
    if (expected) {
      this.#log.info({ janusPid: pid, code, signal }, 'Janus stopped');
      return;
    }

    const delay = BACKOFF_MS[Math.min(this.#failures, BACKOFF_MS.length - 1)] ?? 0;
    this.#failures += 1;
    this.#log.warn({ janusPid: pid, code, signal, restartInMs: delay }, 'Janus died; restarting it');
    this.#setState('restarting');

    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = null;
      if (this.#stopping) return;
      this.#restarts += 1;
      this.#spawn();
    }, delay);
  }

  #clearTimers(): void {
    if (this.#restartTimer) clearTimeout(this.#restartTimer);
    if (this.#stableTimer) clearTimeout(this.#stableTimer);
    this.#restartTimer = null;
    this.#stableTimer = null;
  }

  #setState(state: MediaServerState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.emit('state', state);
  }
}

/**
 * Janus's own levels: `[ERR]` and `[WARN]` prefixes. Its warnings about plugins that Confab's
 * configuration disables on purpose are expected and stay at debug.
 */
function logJanusLine(log: Logger, line: string): void {
  const text = line.trimEnd();
  if (text === '') return;
  const flagged = text.startsWith('[ERR]') || text.startsWith('[WARN]');
  if (flagged && !text.includes('has been disabled, skipping')) log.warn({ janus: text }, 'janus');
  else log.debug({ janus: text }, 'janus');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
