import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../src/config/index.js';

const dir = mkdtempSync(join(tmpdir(), 'confab-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs `task` with `folder` as the working directory, and moves back whatever happens. */
function inFolder<T>(folder: string, task: () => T): T {
  const before = process.cwd();
  process.chdir(folder);
  try {
    return task();
  } finally {
    process.chdir(before);
  }
}

function settingsFile(name: string, contents: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof contents === 'string' ? contents : JSON.stringify(contents));
  return file;
}

const PEM_CERT = settingsFile('cert.pem', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
const PEM_KEY = settingsFile('key.pem', '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n');

/** Asserts that loading fails with a ConfigError whose whole message is `message`. */
function assertRefused(env: NodeJS.ProcessEnv, message: string, opts: { file?: string } = {}): void {
  assert.throws(() => loadConfig(env, opts), (err: unknown) => {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    assert.equal(err.message, message);
    return true;
  });
}

describe('configuration defaults', () => {
  it('listens on 127.0.0.1:8080 with data in the repository\'s data/ when nothing is set', () => {
    const config = loadConfig({});

    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.port, 8080);
    assert.equal(config.publicUrl, 'http://127.0.0.1:8080');
    assert.equal(config.dataDir, join(repositoryRoot, 'data'));
    assert.equal(config.databaseFile, join(repositoryRoot, 'data', 'confab.sqlite'));
    assert.deepEqual(config.warnings, []);
    assert.equal(config.tls, null);
    assert.equal(config.mediaIp, null);
    assert.equal(config.sipAddress, null);
    assert.equal(config.phoneNumber, null);
    assert.equal(config.adminPassword, null);
    assert.equal(config.logLevel, 'info');
    assert.equal(config.trustProxy, false);
    assert.equal(config.configFile, null);
  });

  it('starts its own Janus with the documented ports and limits', () => {
    const config = loadConfig({});

    assert.deepEqual(config.janus, {
      binary: '/usr/bin/janus', wsPort: 8288, url: null, rtpPorts: { min: 20000, max: 40000 },
    });
    assert.deepEqual(config.meetings, {
      maxMeetings: 100, maxParticipants: 50, emptyGraceSeconds: 60, reconnectGraceSeconds: 30,
    });
  });

  it('builds the default public URL from the host and port, https with TLS', () => {
    const config = loadConfig({
      CONFAB_HOST: '198.18.0.1', CONFAB_PORT: '8443', CONFAB_TLS_CERT: PEM_CERT, CONFAB_TLS_KEY: PEM_KEY,
    });
    assert.equal(config.publicUrl, 'https://198.18.0.1:8443');
  });

  it('points the default public URL at loopback when listening on every IPv6 address', () => {
    assert.equal(loadConfig({ CONFAB_HOST: '::', CONFAB_PORT: '9000' }).publicUrl, 'http://[::1]:9000');
    assert.equal(loadConfig({ CONFAB_HOST: '0:0::0', CONFAB_PORT: '9000' }).publicUrl, 'http://[::1]:9000');
  });

  it('keeps its data in the repository\'s data/ whatever folder it runs from', () => {
    for (const folder of [dir, join(repositoryRoot, 'packages', 'server'), '/']) {
      assert.equal(inFolder(folder, () => loadConfig({}).dataDir), join(repositoryRoot, 'data'), folder);
    }
  });

  it('resolves an explicit relative data folder against the folder it runs from', () => {
    assert.equal(inFolder(dir, () => loadConfig({ CONFAB_DATA_DIR: 'var/confab' }).dataDir),
      join(dir, 'var', 'confab'));
    const file = settingsFile('relative-data.json', { dataDir: 'stored' });
    assert.equal(inFolder(dir, () => loadConfig({}, { file }).dataDir), join(dir, 'stored'));
  });

  it('warns when it listens on every address and no public URL is set', () => {
    for (const host of ['0.0.0.0', '::']) {
      const { warnings, publicUrl } = loadConfig({ CONFAB_HOST: host });
      assert.equal(warnings.length, 1, host);
      assert.equal(warnings[0], `CONFAB_HOST is ${host}, every address, but CONFAB_PUBLIC_URL is not set: `
        + `join links point at ${publicUrl}, which only this machine can open; set CONFAB_PUBLIC_URL to `
        + 'the address people use');
    }

    const file = settingsFile('public-url.json', { publicUrl: 'https://meet.example.org' });
    assert.deepEqual(loadConfig({ CONFAB_HOST: '0.0.0.0' }, { file }).warnings, []);
    assert.deepEqual(loadConfig({ CONFAB_HOST: '0.0.0.0', CONFAB_PUBLIC_URL: 'https://meet.example.org' })
      .warnings, []);
    assert.deepEqual(loadConfig({ CONFAB_HOST: '198.18.0.1' }).warnings, []);
  });
});

describe('configuration from the environment', () => {
  it('reads every variable into its field', () => {
    const config = loadConfig({
      CONFAB_HOST: '0.0.0.0',
      CONFAB_PORT: '9090',
      CONFAB_PUBLIC_URL: 'https://meet.example.org/',
      CONFAB_DATA_DIR: join(dir, 'data'),
      CONFAB_MEDIA_IP: '198.18.0.1',
      CONFAB_TLS_CERT: PEM_CERT,
      CONFAB_TLS_KEY: PEM_KEY,
      CONFAB_SIP_ADDRESS: 'conference@example.org',
      CONFAB_PHONE_NUMBER: '+33 1 23 45 67 89',
      CONFAB_ADMIN_PASSWORD: 'correct horse',
      CONFAB_LOG_LEVEL: 'DEBUG',
      CONFAB_JANUS_BINARY: '/opt/janus/bin/janus',
      CONFAB_JANUS_WS_PORT: '18188',
      CONFAB_JANUS_URL: 'ws://127.0.0.1:18188',
      CONFAB_RTP_PORTS: '30000 - 30999',
      CONFAB_MAX_MEETINGS: '5',
      CONFAB_MAX_PARTICIPANTS: '7',
      CONFAB_EMPTY_MEETING_GRACE: '5',
      CONFAB_RECONNECT_GRACE: '12',
      CONFAB_TRUST_PROXY: 'yes',
    });

    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.port, 9090);
    assert.equal(config.publicUrl, 'https://meet.example.org');
    assert.equal(config.dataDir, join(dir, 'data'));
    assert.equal(config.mediaIp, '198.18.0.1');
    assert.match(config.tls?.cert ?? '', /BEGIN CERTIFICATE/);
    assert.match(config.tls?.key ?? '', /BEGIN PRIVATE KEY/);
    assert.equal(config.sipAddress, 'conference@example.org');
    assert.equal(config.phoneNumber, '+33 1 23 45 67 89');
    assert.equal(config.adminPassword, 'correct horse');
    assert.equal(config.logLevel, 'debug');
    assert.deepEqual(config.janus, {
      binary: '/opt/janus/bin/janus', wsPort: 18188, url: 'ws://127.0.0.1:18188',
      rtpPorts: { min: 30000, max: 30999 },
    });
    assert.deepEqual(config.meetings, {
      maxMeetings: 5, maxParticipants: 7, emptyGraceSeconds: 5, reconnectGraceSeconds: 12,
    });
    assert.equal(config.trustProxy, true);
  });

  it('treats an empty variable as unset', () => {
    assert.equal(loadConfig({ CONFAB_PORT: '', CONFAB_MEDIA_IP: '  ' }).port, 8080);
  });

  const refusals: [string, string, string][] = [
    ['CONFAB_PORT', 'abc', 'must be a port number 1-65535, got "abc"'],
    ['CONFAB_PORT', '0', 'must be a port number 1-65535, got "0"'],
    ['CONFAB_PORT', '65536', 'must be a port number 1-65535, got "65536"'],
    ['CONFAB_HOST', 'not a host', 'must be a host name or IP address to listen on, got "not a host"'],
    ['CONFAB_PUBLIC_URL', 'meet.example.org', 'must be an http:// or https:// URL, got "meet.example.org"'],
    ['CONFAB_PUBLIC_URL', 'ftp://example.org', 'must be an http:// or https:// URL, got "ftp://example.org"'],
    ['CONFAB_PUBLIC_URL', 'https://example.org/confab',
      'must be an http(s) URL without a path, query or fragment (https://meet.example.org), '
      + 'got "https://example.org/confab"'],
    ['CONFAB_MEDIA_IP', 'example.org', 'must be an IPv4 or IPv6 address, got "example.org"'],
    ['CONFAB_SIP_ADDRESS', 'conference', 'must be a SIP address like conference@example.org, got "conference"'],
    ['CONFAB_PHONE_NUMBER', 'call us', 'must be a phone number like +33 1 23 45 67 89, got "call us"'],
    ['CONFAB_LOG_LEVEL', 'loud',
      'must be one of fatal, error, warn, info, debug, trace, silent, got "loud"'],
    ['CONFAB_JANUS_WS_PORT', '-1', 'must be a port number 1-65535, got "-1"'],
    ['CONFAB_JANUS_URL', 'http://127.0.0.1:8188', 'must be a ws:// or wss:// URL, got "http://127.0.0.1:8188"'],
    ['CONFAB_RTP_PORTS', '40000-20000',
      'must be a UDP port range LOW-HIGH within 1024-65535, LOW below HIGH, got "40000-20000"'],
    ['CONFAB_RTP_PORTS', '20000',
      'must be a UDP port range LOW-HIGH within 1024-65535, LOW below HIGH, got "20000"'],
    ['CONFAB_MAX_MEETINGS', '1.5', 'must be a whole number 1-100000, got "1.5"'],
    ['CONFAB_MAX_PARTICIPANTS', '1', 'must be a whole number 2-10000, got "1"'],
    ['CONFAB_RTP_PORTS', '41000-41005',
      'must hold at least 8 ports (Janus splits them between browsers and phones), got "41000-41005"'],
    ['CONFAB_EMPTY_MEETING_GRACE', 'soon', 'must be a number of seconds 5-86400, got "soon"'],
    ['CONFAB_EMPTY_MEETING_GRACE', '0', 'must be a number of seconds 5-86400, got "0"'],
    ['CONFAB_EMPTY_MEETING_GRACE', '4', 'must be a number of seconds 5-86400, got "4"'],
    ['CONFAB_RECONNECT_GRACE', '90000', 'must be a number of seconds 5-86400, got "90000"'],
    ['CONFAB_RECONNECT_GRACE', '0', 'must be a number of seconds 5-86400, got "0"'],
    ['CONFAB_TRUST_PROXY', 'maybe', 'must be true or false, got "maybe"'],
  ];
  for (const [name, value, problem] of refusals) {
    it(`refuses ${name}=${JSON.stringify(value)} with a line naming the variable`, () => {
      assertRefused({ [name]: value }, `${name}: ${problem}`);
    });
  }

  it('refuses a short administrator password without echoing it', () => {
    assertRefused({ CONFAB_ADMIN_PASSWORD: 'hunter2' }, 'CONFAB_ADMIN_PASSWORD: must be at least 8 characters');
  });

  it('takes the smallest RTP range and grace periods it allows', () => {
    const config = loadConfig({
      CONFAB_RTP_PORTS: '41000-41007', CONFAB_EMPTY_MEETING_GRACE: '5', CONFAB_RECONNECT_GRACE: '5',
    });
    assert.deepEqual(config.janus.rtpPorts, { min: 41000, max: 41007 });
    assert.equal(config.meetings.emptyGraceSeconds, 5);
    assert.equal(config.meetings.reconnectGraceSeconds, 5);
  });

  it('refuses an administrator password made only of spaces', () => {
    // From the environment, a blank value counts as unset; a settings file can still hold one.
    const file = settingsFile('blank-admin.json', { adminPassword: ' '.repeat(8) });
    assertRefused({}, `${file}: adminPassword: must not be only spaces`, { file });
  });

  it('refuses a certificate without its key, and a key without its certificate', () => {
    assertRefused({ CONFAB_TLS_CERT: PEM_CERT },
      'CONFAB_TLS_CERT: is set but CONFAB_TLS_KEY is not; set both or neither');
    assertRefused({ CONFAB_TLS_KEY: PEM_KEY },
      'CONFAB_TLS_KEY: is set but CONFAB_TLS_CERT is not; set both or neither');
  });

  it('refuses an unreadable or non-PEM certificate file', () => {
    const missing = join(dir, 'missing.pem');
    assertRefused({ CONFAB_TLS_CERT: missing, CONFAB_TLS_KEY: PEM_KEY },
      `CONFAB_TLS_CERT: cannot read ${JSON.stringify(missing)} (ENOENT)`);

    const notPem = settingsFile('not.pem', 'hello');
    assertRefused({ CONFAB_TLS_CERT: PEM_CERT, CONFAB_TLS_KEY: notPem },
      `CONFAB_TLS_KEY: ${JSON.stringify(notPem)} is not a PEM file`);
  });

  it('refuses a Janus API port equal to the web port', () => {
    assertRefused({ CONFAB_PORT: '8288' }, 'CONFAB_JANUS_WS_PORT: must differ from CONFAB_PORT (both 8288)');
    assertRefused({ CONFAB_PORT: '9000', CONFAB_JANUS_WS_PORT: '9000', CONFAB_HOST: '::' },
      'CONFAB_JANUS_WS_PORT: must differ from CONFAB_PORT (both 9000)');
  });
});

describe('configuration from a settings file', () => {
  it('reads nested camelCase settings from the file named by CONFAB_CONFIG', () => {
    const file = settingsFile('nested.json', {
      port: 8443,
      publicUrl: 'https://meet.example.org',
      janus: { wsPort: 9188, rtpPorts: '21000-22000' },
      meetings: { maxParticipants: 12, reconnectGraceSeconds: 5 },
      tls: { cert: PEM_CERT, key: PEM_KEY },
      mediaIp: null,
    });
    const config = loadConfig({ CONFAB_CONFIG: file });

    assert.equal(config.configFile, file);
    assert.equal(config.port, 8443);
    assert.equal(config.publicUrl, 'https://meet.example.org');
    assert.equal(config.janus.wsPort, 9188);
    assert.deepEqual(config.janus.rtpPorts, { min: 21000, max: 22000 });
    assert.equal(config.meetings.maxParticipants, 12);
    assert.equal(config.meetings.reconnectGraceSeconds, 5);
    assert.equal(config.meetings.maxMeetings, 100);
    assert.notEqual(config.tls, null);
    assert.equal(config.mediaIp, null);
  });

  it('lets an environment variable win over the file', () => {
    const file = settingsFile('port.json', { port: 8443, janus: { wsPort: 9188 } });
    const config = loadConfig({ CONFAB_PORT: '9443' }, { file });

    assert.equal(config.port, 9443);
    assert.equal(config.janus.wsPort, 9188);
  });

  it('prefers the --config file over CONFAB_CONFIG', () => {
    const chosen = settingsFile('chosen.json', { port: 8001 });
    const ignored = settingsFile('ignored.json', { port: 8002 });
    assert.equal(loadConfig({ CONFAB_CONFIG: ignored }, { file: chosen }).port, 8001);
  });

  it('names the file and the key of a bad value', () => {
    const file = settingsFile('bad-port.json', { janus: { wsPort: 'x' } });
    assertRefused({}, `${file}: janus.wsPort: must be a port number 1-65535, got "x"`, { file });
  });

  it('refuses a misspelt setting and lists the known ones', () => {
    const file = settingsFile('typo.json', { meetings: { maxParticipant: 3 } });
    assert.throws(() => loadConfig({}, { file }), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /unknown setting "meetings\.maxParticipant" \(known: host, port, /);
      return true;
    });
  });

  it('refuses a group that is not an object', () => {
    const file = settingsFile('group.json', { janus: 8188 });
    assertRefused({}, `${file}: janus: must be an object of settings`, { file });
  });

  it('refuses a file that is not JSON, not an object, or missing', () => {
    const broken = settingsFile('broken.json', '{ "port": ');
    assert.throws(() => loadConfig({}, { file: broken }), /broken\.json: not valid JSON/);

    const list = settingsFile('list.json', [1, 2]);
    assertRefused({}, `${list}: must hold a JSON object of settings`, { file: list });

    const missing = join(dir, 'nowhere.json');
    assertRefused({}, `${missing}: cannot be read (ENOENT)`, { file: missing });
  });
});
