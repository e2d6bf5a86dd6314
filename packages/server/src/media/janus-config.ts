import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MediaOptions } from './options.js';

export const DEFAULT_PLUGINS_FOLDER = '/usr/lib/x86_64-linux-gnu/janus/plugins';
export const DEFAULT_TRANSPORTS_FOLDER = '/usr/lib/x86_64-linux-gnu/janus/transports';

/** The only plugins Confab uses: audio mixing, the audio test, screen sharing. */
const WANTED_PLUGINS = ['libjanus_audiobridge.so', 'libjanus_echotest.so', 'libjanus_videoroom.so'];
const WANTED_TRANSPORTS = ['libjanus_websockets.so'];

export interface PortRange {
  min: number;
  max: number;
}

/** What the supervisor and the adapter need to know about a generated configuration. */
export interface JanusConfig {
  dir: string;
  /** Janus's WebSocket API, on loopback. */
  wsUrl: string;
  apiSecret: string;
  adminSecret: string;
}

export interface RenderParams {
  dir: string;
  wsPort: number;
  mediaIp: string | null;
  rtpPorts: PortRange;
  apiSecret: string;
  adminSecret: string;
  pluginsFolder: string;
  transportsFolder: string;
  /** File names in the plugins and transports folders, so every unwanted one can be disabled. */
  installedPlugins: string[];
  installedTransports: string[];
}

/**
 * Splits the media port range: WebRTC legs take the lower three quarters, AudioBridge's plain-RTP
 * participants (phones) the top quarter. The two must not overlap, or a phone join can fail to
 * bind a port that a peer connection holds.
 */
export function splitRtpPorts(range: PortRange): { webrtc: PortRange; plainRtp: PortRange } {
  const size = range.max - range.min + 1;
  if (!Number.isInteger(range.min) || !Number.isInteger(range.max) || range.min < 1024
    || range.max > 65535 || size < 8) {
    throw new Error(`invalid RTP port range ${range.min}-${range.max} (need 8 or more ports above 1023)`);
  }

  // Even boundaries: RTP conventionally takes the even port of an RTP/RTCP pair.
  const cut = range.min + Math.floor((size * 3) / 4 / 2) * 2;
  return { webrtc: { min: range.min, max: cut - 1 }, plainRtp: { min: cut, max: range.max } };
}

/** Renders every file of Janus's configuration folder, keyed by file name. */
export function renderJanusConfig(p: RenderParams): Record<string, string> {
  const ports = splitRtpPorts(p.rtpPorts);
  const disabledPlugins = unwanted(p.installedPlugins, WANTED_PLUGINS);
  const disabledTransports = unwanted(p.installedTransports, WANTED_TRANSPORTS);

  const janus = [
    'general: {',
    `  configs_folder = ${str(p.dir)}`,
    `  plugins_folder = ${str(p.pluginsFolder)}`,
    `  transports_folder = ${str(p.transportsFolder)}`,
    // Pointing the event handler and logger folders at the empty config folder loads none of them.
    `  events_folder = ${str(p.dir)}`,
    `  loggers_folder = ${str(p.dir)}`,
    '  log_to_stdout = true',
    '  debug_level = 4',
    '  debug_colors = false',
    '  server_name = "confab"',
    `  api_secret = ${str(p.apiSecret)}`,
    `  admin_secret = ${str(p.adminSecret)}`,
    '  session_timeout = 60',
    ...(p.mediaIp ? [`  interface = ${str(p.mediaIp)}`] : []),
    '  protected_folders = ["/bin", "/boot", "/dev", "/etc", "/lib", "/lib64", "/proc", "/sbin",',
    '    "/sys", "/usr", "/var"]',
    '}',
    'certificates: {',
    '}',
    'media: {',
    `  rtp_port_range = "${ports.webrtc.min}-${ports.webrtc.max}"`,
    '}',
    'nat: {',
    '  nice_debug = false',
    ...(p.mediaIp ? [`  ice_enforce_list = ${str(p.mediaIp)}`] : []),
    '}',
    'plugins: {',
    ...(disabledPlugins ? [`  disable = ${str(disabledPlugins)}`] : []),
    '}',
    'transports: {',
    ...(disabledTransports ? [`  disable = ${str(disabledTransports)}`] : []),
    '}',
    'loggers: {',
    '}',
    'events: {',
    '  broadcast = false',
    '}',
  ];

  // Only the plain WebSocket API, bound to loopback: browsers never reach Janus's API.
  const websockets = [
    'general: {',
    '  json = "plain"',
    '  ws = true',
    `  ws_port = ${p.wsPort}`,
    '  ws_ip = "127.0.0.1"',
    '  wss = false',
    '}',
    'admin: {',
    '  admin_ws = false',
    '  admin_wss = false',
    '}',
  ];

  // No static rooms: Confab creates every room through the API.
  const audiobridge = [
    'general: {',
    '  events = false',
    `  rtp_port_range = "${ports.plainRtp.min}-${ports.plainRtp.max}"`,
    ...(p.mediaIp ? [`  local_ip = ${str(p.mediaIp)}`] : []),
    '}',
  ];
  const quietPlugin = ['general: {', '  events = false', '}'];

  return {
    'janus.jcfg': lines(janus),
    'janus.transport.websockets.jcfg': lines(websockets),
    'janus.plugin.audiobridge.jcfg': lines(audiobridge),
    'janus.plugin.echotest.jcfg': lines(quietPlugin),
    'janus.plugin.videoroom.jcfg': lines(quietPlugin),
  };
}

/**
 * Writes a fresh configuration folder in `DATA_DIR/janus/` with new random secrets. The folder is
 * emptied first so nothing from an earlier run (or an edited copy) is picked up.
 */
export async function writeJanusConfig(opts: MediaOptions): Promise<JanusConfig> {
  const dir = join(opts.dataDir, 'janus');
  const pluginsFolder = opts.janus.pluginsFolder ?? DEFAULT_PLUGINS_FOLDER;
  const transportsFolder = opts.janus.transportsFolder ?? DEFAULT_TRANSPORTS_FOLDER;
  const apiSecret = randomBytes(24).toString('base64url');
  const adminSecret = randomBytes(24).toString('base64url');

  const files = renderJanusConfig({
    dir,
    wsPort: opts.janus.wsPort,
    mediaIp: opts.mediaIp ?? null,
    rtpPorts: opts.janus.rtpPorts,
    apiSecret,
    adminSecret,
    pluginsFolder,
    transportsFolder,
    installedPlugins: await listLibraries(pluginsFolder),
    installedTransports: await listLibraries(transportsFolder),
  });

  // LIMITATION: the secrets sit in a file, so whoever can read the data folder as Confab's user
  // can drive Janus; Janus reads its secrets from its configuration or its command line only.
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  for (const [name, text] of Object.entries(files)) {
    // The secrets are in janus.jcfg: readable by Confab's user only.
    await writeFile(join(dir, name), text, { mode: 0o600 });
  }

  return { dir, wsUrl: `ws://127.0.0.1:${opts.janus.wsPort}`, apiSecret, adminSecret };
}

/** Janus loads every `*.so` in a folder; a missing folder means Janus has nothing to load there. */
async function listLibraries(folder: string): Promise<string[]> {
  try {
    return (await readdir(folder)).filter((name) => name.endsWith('.so'));
  } catch {
    return [];
  }
}

function unwanted(installed: string[], wanted: string[]): string {
  return installed.filter((name) => !wanted.includes(name)).sort().join(',');
}

/** A libconfig string literal; JSON's escaping is a subset libconfig reads the same way. */
function str(value: string): string {
  return JSON.stringify(value);
}

function lines(list: string[]): string {
  return `${list.join('\n')}\n`;
}
