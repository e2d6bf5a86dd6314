import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * One setting: the environment variable and the settings-file key it is read from, and the
 * schema its raw value (text from the environment, any JSON value from the file) must pass.
 * Every schema message completes the sentence "CONFAB_X: …".
 */
export interface Setting<T> {
  env: string;
  /** Dotted path in the settings file, e.g. `janus.wsPort`. */
  key: string;
  schema: z.ZodType<T>;
  /** A secret is never echoed back in an error message. */
  secret: boolean;
}

function setting<T>(env: string, key: string, schema: z.ZodType<T>, secret = false): Setting<T> {
  return { env, key, schema, secret };
}

/** Environment values are text; the file may hold real numbers. Accept digits written as text. */
function numericText(value: unknown): unknown {
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return value;
}

function wholeNumber(min: number, max: number, what: string): z.ZodType<number> {
  const error = `must be ${what} ${min}-${max}`;
  return z.preprocess(numericText, z.int({ error }).min(min, { error }).max(max, { error }));
}

function text(error: string, pattern?: RegExp): z.ZodType<string> {
  const base = z.string({ error }).trim().min(1, { error });
  return pattern ? base.regex(pattern, { error }) : base;
}

function flag(): z.ZodType<boolean> {
  const error = 'must be true or false';
  return z.preprocess((value) => {
    if (typeof value !== 'string') return value;
    const word = value.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(word)) return true;
    if (['false', '0', 'no', 'off'].includes(word)) return false;
    return value;
  }, z.boolean({ error }));
}

function urlWith(protocols: readonly string[], error: string): z.ZodType<URL> {
  return z.string({ error }).trim().transform((value, ctx) => {
    const url = URL.parse(value);
    if (!url || !protocols.includes(url.protocol)) {
      ctx.addIssue({ code: 'custom', message: error });
      return z.NEVER;
    }
    return url;
  });
}

/** Origins only: the server answers at `/`, so a path in the public URL would break every link. */
const publicUrlSchema = urlWith(['http:', 'https:'], 'must be an http:// or https:// URL')
  .refine((url) => url.pathname === '/' && !url.search && !url.hash, {
    error: 'must be an http(s) URL without a path, query or fragment (https://meet.example.org)',
  })
  .transform((url) => url.origin);

const hostSchema = text('must be a host name or IP address to listen on')
  .refine((host) => isIP(host) !== 0 || /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(host), {
    error: 'must be a host name or IP address to listen on',
  });

const ipSchema = text('must be an IPv4 or IPv6 address').refine((ip) => isIP(ip) !== 0, {
  error: 'must be an IPv4 or IPv6 address',
});

/**
 * Fewest RTP ports Janus can work with: the range is split three to one between WebRTC legs and
 * plain-RTP phone legs on even boundaries (`splitRtpPorts` in media/janus-config.ts), and each
 * side needs at least one RTP/RTCP pair.
 */
export const MIN_RTP_PORTS = 8;

const portRangeError = 'must be a UDP port range LOW-HIGH within 1024-65535, LOW below HIGH';
const portRangeSchema = text(portRangeError, /^\d+\s*-\s*\d+$/)
  .transform((range) => {
    const [min, max] = range.split('-').map((part) => Number(part.trim()));
    return { min: min ?? 0, max: max ?? 0 };
  })
  .refine((r) => r.min >= 1024 && r.max <= 65535 && r.min < r.max, { error: portRangeError })
  .refine((r) => r.max - r.min + 1 >= MIN_RTP_PORTS, {
    error: `must hold at least ${MIN_RTP_PORTS} ports (Janus splits them between browsers and phones)`,
  });

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

const port = (): z.ZodType<number> => wholeNumber(1, 65535, 'a port number');
/**
 * Shortest grace accepted: below a few seconds a meeting would end, or a participant be dropped,
 * on a page reload or a brief network blip.
 */
const MIN_GRACE_SECONDS = 5;
const graceSeconds = (): z.ZodType<number> =>
  wholeNumber(MIN_GRACE_SECONDS, 86400, 'a number of seconds');

/** Every setting Confab reads. The settings file nests the same names, e.g. `janus.wsPort`. */
export const settings = {
  host: setting('CONFAB_HOST', 'host', hostSchema),
  port: setting('CONFAB_PORT', 'port', port()),
  publicUrl: setting('CONFAB_PUBLIC_URL', 'publicUrl', publicUrlSchema),
  dataDir: setting('CONFAB_DATA_DIR', 'dataDir', text('must be a directory path')),
  trustProxy: setting('CONFAB_TRUST_PROXY', 'trustProxy', flag()),
  mediaIp: setting('CONFAB_MEDIA_IP', 'mediaIp', ipSchema),
  tlsCert: setting('CONFAB_TLS_CERT', 'tls.cert', text('must be the path of a PEM certificate file')),
  tlsKey: setting('CONFAB_TLS_KEY', 'tls.key', text('must be the path of a PEM private key file')),
  sipAddress: setting('CONFAB_SIP_ADDRESS', 'sipAddress', text(
    'must be a SIP address like conference@example.org', /^(sips?:)?[^@\s:]+@[^@\s]+$/)),
  phoneNumber: setting('CONFAB_PHONE_NUMBER', 'phoneNumber', text(
    'must be a phone number like +33 1 23 45 67 89', /^\+?[0-9][0-9 ().-]{2,30}$/)),
  adminPassword: setting('CONFAB_ADMIN_PASSWORD', 'adminPassword', z
    .string({ error: 'must be text' })
    .min(8, { error: 'must be at least 8 characters' })
    .max(1024, { error: 'must be at most 1024 characters' })
    .refine((password) => password.trim().length > 0, { error: 'must not be only spaces' }), true),
  logLevel: setting('CONFAB_LOG_LEVEL', 'logLevel', z.preprocess(
    (value) => (typeof value === 'string' ? value.trim().toLowerCase() : value),
    z.enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` }))),
  janusBinary: setting('CONFAB_JANUS_BINARY', 'janus.binary', text('must be the path of the janus program')),
  janusWsPort: setting('CONFAB_JANUS_WS_PORT', 'janus.wsPort', port()),
  janusUrl: setting('CONFAB_JANUS_URL', 'janus.url',
    urlWith(['ws:', 'wss:'], 'must be a ws:// or wss:// URL')
      .transform((url) => (url.pathname === '/' && !url.search ? url.href.slice(0, -1) : url.href))),
  rtpPorts: setting('CONFAB_RTP_PORTS', 'janus.rtpPorts', portRangeSchema),
  maxMeetings: setting('CONFAB_MAX_MEETINGS', 'meetings.maxMeetings',
    wholeNumber(1, 100000, 'a whole number')),
  maxParticipants: setting('CONFAB_MAX_PARTICIPANTS', 'meetings.maxParticipants',
    wholeNumber(2, 10000, 'a whole number')),
  emptyGrace: setting('CONFAB_EMPTY_MEETING_GRACE', 'meetings.emptyGraceSeconds', graceSeconds()),
  reconnectGrace: setting('CONFAB_RECONNECT_GRACE', 'meetings.reconnectGraceSeconds',
    graceSeconds()),
} as const;

/** All the dotted keys a settings file may hold, for refusing typos. */
export const fileKeys: readonly string[] = Object.values(settings).map((s) => s.key);
