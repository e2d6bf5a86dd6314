import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { settings } from './settings.js';
import type { LogLevel, Setting } from './settings.js';
import { ConfigError } from './config-error.js';
import { SettingsSource } from './source.js';

export { ConfigError };

/**
 * `data/` at the repository root, found from this file's place (src/config or dist/config of the
 * server package), not from the working directory: `cd packages/server && npx confab user list`
 * must read the server's database, not create an empty one beside it.
 */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../../../data', import.meta.url));

/**
 * Janus's API port when none is set. Debian's janus package ships a service on Janus's own default,
 * 8188, so Confab's Janus keeps clear of it.
 */
export const DEFAULT_JANUS_WS_PORT = 8288;

/** Confab's validated settings. Durations are in seconds; paths are absolute. */
export interface Config {
  /** The settings file that was read, if any. */
  configFile: string | null;
  host: string;
  port: number;
  /** Origin that browsers and invitations use, without a trailing slash. */
  publicUrl: string;
  /** Settings that work but are likely a mistake, one sentence each, to log at start. */
  warnings: string[];
  dataDir: string;
  databaseFile: string;
  /** Take the client address from X-Forwarded-For (only behind a reverse proxy you run). */
  trustProxy: boolean;
  /** The address Janus offers to browsers; null lets Janus pick its interfaces. */
  mediaIp: string | null;
  /** PEM contents, read at start. */
  tls: { cert: string; key: string } | null;
  sipAddress: string | null;
  phoneNumber: string | null;
  /** Password of the first `admin` account, used only when there is no account yet. */
  adminPassword: string | null;
  logLevel: LogLevel;
  janus: {
    binary: string;
    /** Janus's WebSocket API port, bound to 127.0.0.1 only. */
    wsPort: number;
    /** An external Janus to use instead of starting one. */
    url: string | null;
    rtpPorts: { min: number; max: number };
  };
  meetings: {
    maxMeetings: number;
    maxParticipants: number;
    emptyGraceSeconds: number;
    reconnectGraceSeconds: number;
  };
}

/**
 * Reads the settings: defaults, then the JSON settings file (`opts.file` or `CONFAB_CONFIG`), then
 * environment variables. Throws a `ConfigError` at the first bad value.
 */
export function loadConfig(env: NodeJS.ProcessEnv, opts: { file?: string } = {}): Config {
  const fileOption = opts.file ?? (env.CONFAB_CONFIG?.trim() || undefined);
  const configFile = fileOption === undefined ? null : resolve(fileOption);
  const source = new SettingsSource(env, configFile);

  const host = source.get(settings.host) ?? '127.0.0.1';
  const port = source.get(settings.port) ?? 8080;
  const tls = readTls(source);
  // An explicit relative folder is the operator's, typed from where they stand: resolve it there.
  const dataDir = resolve(source.get(settings.dataDir) ?? DEFAULT_DATA_DIR);

  const janus = {
    binary: source.get(settings.janusBinary) ?? '/usr/bin/janus',
    wsPort: source.get(settings.janusWsPort) ?? DEFAULT_JANUS_WS_PORT,
    url: source.get(settings.janusUrl) ?? null,
    rtpPorts: source.get(settings.rtpPorts) ?? { min: 20000, max: 40000 },
  };
  if (janus.url === null && janus.wsPort === port && isLoopbackOrAny(host)) {
    throw source.error(settings.janusWsPort, `must differ from ${settings.port.env} (both ${port})`);
  }

  const givenPublicUrl = source.get(settings.publicUrl);
  const publicUrl = givenPublicUrl ?? defaultPublicUrl(host, port, tls !== null);
  const warnings: string[] = [];
  if (givenPublicUrl === undefined && isWildcard(host)) {
    warnings.push(`${settings.host.env} is ${host}, every address, but ${settings.publicUrl.env} is `
      + `not set: join links point at ${publicUrl}, which only this machine can open; set `
      + `${settings.publicUrl.env} to the address people use`);
  }

  return {
    configFile,
    host,
    port,
    publicUrl,
    warnings,
    dataDir,
    databaseFile: join(dataDir, 'confab.sqlite'),
    trustProxy: source.get(settings.trustProxy) ?? false,
    mediaIp: source.get(settings.mediaIp) ?? null,
    tls,
    sipAddress: source.get(settings.sipAddress) ?? null,
    phoneNumber: source.get(settings.phoneNumber) ?? null,
    adminPassword: source.get(settings.adminPassword) ?? null,
    logLevel: source.get(settings.logLevel) ?? 'info',
    janus,
    meetings: {
      maxMeetings: source.get(settings.maxMeetings) ?? 100,
      maxParticipants: source.get(settings.maxParticipants) ?? 50,
      emptyGraceSeconds: source.get(settings.emptyGrace) ?? 60,
      reconnectGraceSeconds: source.get(settings.reconnectGrace) ?? 30,
    },
  };
}

function readTls(source: SettingsSource): Config['tls'] {
  const certPath = source.get(settings.tlsCert);
  const keyPath = source.get(settings.tlsKey);
  if (certPath === undefined && keyPath === undefined) return null;

  if (certPath === undefined) throw missingPartner(source, settings.tlsKey, settings.tlsCert);
  if (keyPath === undefined) throw missingPartner(source, settings.tlsCert, settings.tlsKey);

  return {
    cert: readPem(source, settings.tlsCert, certPath),
    key: readPem(source, settings.tlsKey, keyPath),
  };
}

function missingPartner(source: SettingsSource, set: Setting<string>, unset: Setting<string>): ConfigError {
  return source.error(set, `is set but ${unset.env} is not; set both or neither`);
}

function readPem(source: SettingsSource, which: Setting<string>, path: string): string {
  let contents: string;
  try {
    contents = readFileSync(resolve(path), 'utf8');
  } catch (err) {
    const reason = err instanceof Error && 'code' in err ? String(err.code) : String(err);
    throw source.error(which, `cannot read ${JSON.stringify(path)} (${reason})`);
  }

  if (!contents.includes('-----BEGIN ')) {
    throw source.error(which, `${JSON.stringify(path)} is not a PEM file`);
  }
  return contents;
}

/** Wildcard listen addresses are not addresses a browser can open; point at loopback instead. */
function defaultPublicUrl(host: string, port: number, https: boolean): string {
  const reachable = !isWildcard(host) ? host : isIP(host) === 4 ? '127.0.0.1' : '::1';
  const hostPart = isIP(reachable) === 6 ? `[${reachable}]` : reachable;
  return new URL(`${https ? 'https' : 'http'}://${hostPart}:${port}`).origin;
}

function isLoopbackOrAny(host: string): boolean {
  return ['127.0.0.1', 'localhost', '::1'].includes(host) || isWildcard(host);
}

/** 0.0.0.0, or `::` however it is written (`::0`, `0:0:0:0:0:0:0:0`). */
function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || (isIP(host) === 6 && /^[0:]+$/.test(host));
}
