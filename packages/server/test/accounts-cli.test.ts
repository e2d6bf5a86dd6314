import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { meResponseSchema } from '@confab/protocol';
import { z } from 'zod';
import { serverVersion } from '../src/config/index.js';
import { httpWorld, parseSetCookie, tempDir } from './http-helpers.js';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
// Found from here, not from the child's working directory, which some tests move elsewhere.
const tsx = import.meta.resolve('tsx');
const data = tempDir('confab-cli-');
after(() => data.remove());

/** Runs `confab ARGS` from the sources on the test's data directory. */
function confab(args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  const result = spawnSync(process.execPath, ['--import', tsx, main, ...args], {
    encoding: 'utf8',
    cwd: opts.cwd,
    input: opts.input ?? '',
    env: { ...process.env, CONFAB_CONFIG: '', CONFAB_DATA_DIR: data.path, ...opts.env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the confab command line', () => {
  it('adds an account with its rights and lists it in a table', () => {
    const added = confab(['user', 'add', 'Alice', '--password', 'correct horse',
      '--display-name', 'Alice Martin', '--meeting-right', '--phone-right']);
    assert.equal(added.status, 0, added.stderr);
    assert.match(added.stdout, /Created account "alice"/);

    const listed = confab(['user', 'list']);
    assert.equal(listed.status, 0, listed.stderr);
    const [header, row] = listed.stdout.trim().split('\n');
    assert.match(header ?? '', /^ID\s+USERNAME\s+DISPLAY NAME\s+ADMIN\s+MEETINGS\s+PHONE$/);
    assert.match(row ?? '', /^1\s+alice\s+Alice Martin\s+-\s+yes\s+yes$/);
  });

  it('reads the password from standard input with --password -', () => {
    const added = confab(['user', 'add', 'bob', '--password', '-', '--admin'], { input: 'battery staple\n' });
    assert.equal(added.status, 0, added.stderr);

    const changed = confab(['user', 'passwd', 'bob', '--password', 'new battery staple']);
    assert.equal(changed.status, 0, changed.stderr);
    assert.match(changed.stdout, /Password of "bob" changed/);
  });

  it('prints the error and exits 1 for a refused account', () => {
    const taken = confab(['user', 'add', 'alice', '--password', 'correct horse']);
    assert.equal(taken.status, 1);
    assert.equal(taken.stderr.trim(), 'confab: An account with this username exists.');

    const unknown = confab(['user', 'passwd', 'nobody', '--password', 'correct horse']);
    assert.equal(unknown.status, 1);
    assert.equal(unknown.stderr.trim(), 'confab: No account has this username.');
  });

  it('prints the usage and exits 2 for a command line it does not understand', () => {
    for (const args of [[], ['frob'], ['user', 'add'], ['user', 'add', 'x'], ['user', 'list', '--admin'],
      ['serve', '--bogus']]) {
      const result = confab(args);
      assert.equal(result.status, 2, args.join(' '));
      assert.match(result.stderr, /Usage:\n {2}confab serve/, args.join(' '));
    }
  });

  it('says what is wrong with a command line', () => {
    const cases: [string[], string][] = [
      [[], 'no command; use "serve", "user" or "help"'],
      [['frob'], 'unknown command "frob"; use "serve", "user" or "help"'],
      [['serve', 'extra'], '"serve" takes no arguments, got "extra"'],
      [['user'], '"user" needs a subcommand: add, list, passwd, set or delete'],
      [['user', 'frob', 'x'], 'unknown user subcommand "frob"; use add, list, passwd, set or delete'],
      [['user', 'add'], '"user add" needs one account name'],
      [['user', 'add', 'a', 'b'], '"user add" takes one account name, got 2: "a" "b"'],
      [['user', 'passwd'], '"user passwd" needs one account name'],
      [['user', 'list', 'x'], '"user list" takes no account name, got "x"'],
      [['user', 'set'], '"user set" needs one account name'],
      [['user', 'set', 'alice'], '"user set" needs at least one of --display-name, --[no-]admin, '
        + '--[no-]meeting-right, --[no-]phone-right'],
      [['user', 'set', 'alice', '--admin', '--no-admin'], '--admin and --no-admin contradict each other'],
      [['user', 'set', 'alice', '--no-phone-right', '--phone-right'],
        '--phone-right and --no-phone-right contradict each other'],
      [['user', 'set', 'alice', '--password', 'correct horse'], '--password does not apply to this command'],
      [['user', 'add', 'dora', '--password', 'correct horse', '--no-admin'],
        '--no-admin does not apply to this command'],
      [['user', 'delete'], '"user delete" needs one account name'],
      [['user', 'delete', 'a', 'b'], '"user delete" takes one account name, got 2: "a" "b"'],
      [['user', 'delete', 'alice', '--admin'], '--admin does not apply to this command'],
    ];
    for (const [args, message] of cases) {
      const result = confab(args);
      assert.equal(result.status, 2, args.join(' '));
      assert.equal(result.stderr.split('\n')[0], `confab: ${message}`, args.join(' '));
    }
  });

  it('refuses a password made only of spaces', () => {
    const spaces = confab(['user', 'add', 'carol', '--password', ' '.repeat(8)]);
    assert.equal(spaces.status, 1);
    assert.equal(spaces.stderr.trim(), 'confab: A password cannot be only spaces.');

    const listed = confab(['user', 'list']);
    assert.doesNotMatch(listed.stdout, /carol/);
  });

  it('stops on a bad setting with one line naming it', () => {
    const result = confab(['serve'], { env: { CONFAB_PORT: 'abc' } });
    assert.equal(result.status, 1);
    assert.equal(result.stderr, 'confab: CONFAB_PORT: must be a port number 1-65535, got "abc"\n');
  });
});

describe('changing and deleting accounts from the command line', () => {
  const own = tempDir('confab-cli-set-');
  after(() => own.remove());
  const env = { CONFAB_DATA_DIR: own.path };
  const run = (args: string[]) => confab(args, { env });

  it('sets and clears rights and the display name, and prints the account as user list does', () => {
    assert.equal(run(['user', 'add', 'root', '--password', 'correct horse', '--admin']).status, 0);
    assert.equal(run(['user', 'add', 'bob', '--password', 'correct horse', '--phone-right']).status, 0);

    const set = run(['user', 'set', 'Bob', '--meeting-right', '--no-phone-right', '--display-name', 'Bob Martin']);
    assert.equal(set.status, 0, set.stderr);
    assert.deepEqual(set.stdout.trim().split('\n').map((line) => line.split(/\s{2,}/)), [
      ['ID', 'USERNAME', 'DISPLAY NAME', 'ADMIN', 'MEETINGS', 'PHONE'],
      ['2', 'bob', 'Bob Martin', '-', 'yes', '-'],
    ]);

    const listed = run(['user', 'list']);
    assert.match(listed.stdout, /^2\s+bob\s+Bob Martin\s+-\s+yes\s+-$/m);

    const admin = run(['user', 'set', 'bob', '--admin', '--no-meeting-right']);
    assert.match(admin.stdout, /^2\s+bob\s+Bob Martin\s+yes\s+-\s+-$/m);
  });

  it('refuses to leave the server without an administrator', () => {
    assert.equal(run(['user', 'set', 'bob', '--no-admin']).status, 0);

    const demote = run(['user', 'set', 'root', '--no-admin']);
    assert.equal(demote.status, 1);
    assert.equal(demote.stderr.trim(), 'confab: "root" is the only administrator; make another account '
      + 'an administrator before you remove its administrator right.');

    const remove = run(['user', 'delete', 'root']);
    assert.equal(remove.status, 1);
    assert.equal(remove.stderr.trim(), 'confab: "root" is the only administrator; make another account '
      + 'an administrator before you delete it.');
    assert.match(run(['user', 'list']).stdout, /^1\s+root\s+root\s+yes/m);
  });

  it('says so for an account that does not exist', () => {
    for (const args of [['user', 'set', 'nobody', '--admin'], ['user', 'delete', 'nobody']]) {
      const result = run(args);
      assert.equal(result.status, 1, args.join(' '));
      assert.equal(result.stderr.trim(), 'confab: No account has this username.', args.join(' '));
    }
  });

  it('gives new rights to a session that is already open, and ends it on delete', async () => {
    const world = await httpWorld(own.path);
    try {
      const login = await world.app.inject({
        method: 'POST', url: '/api/login', payload: { username: 'bob', password: 'correct horse' },
      });
      assert.equal(login.statusCode, 200);
      const cookie = parseSetCookie(login.headers['set-cookie']).value;
      const me = async () => world.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
      assert.equal(meResponseSchema.parse((await me()).json()).user.meetingRight, false);

      assert.equal(run(['user', 'set', 'bob', '--meeting-right']).status, 0);
      assert.equal(meResponseSchema.parse((await me()).json()).user.meetingRight, true);

      const deleted = run(['user', 'delete', 'bob']);
      assert.equal(deleted.status, 0, deleted.stderr);
      assert.match(deleted.stdout, /^Deleted account "bob"; its sessions have ended\./);
      assert.equal((await me()).statusCode, 401);
      assert.doesNotMatch(run(['user', 'list']).stdout, /bob/);
    } finally {
      await world.close();
    }
  });
});

describe('help, version and the data folder', () => {
  it('prints the usage and exits 0 for help and --help', () => {
    for (const args of [['help'], ['--help'], ['user', 'set', '-h']]) {
      const result = confab(args);
      assert.equal(result.status, 0, args.join(' '));
      assert.match(result.stdout, /^Usage:\n {2}confab serve/, args.join(' '));
      assert.match(result.stdout, /confab user set NAME/);
      assert.match(result.stdout, /confab user delete NAME/);
      assert.equal(result.stderr, '');
    }
  });

  it('prints the version with --version', () => {
    const result = confab(['--version']);
    assert.equal(result.status, 0);
    assert.equal(result.stdout, `confab ${serverVersion}\n`);
  });

  it('resolves a relative CONFAB_DATA_DIR against the folder it runs in', () => {
    const cwd = tempDir('confab-cli-cwd-');
    try {
      const result = confab(['user', 'list'], { env: { CONFAB_DATA_DIR: 'here' }, cwd: cwd.path });
      assert.equal(result.status, 0, result.stderr);
      assert.ok(existsSync(join(cwd.path, 'here', 'confab.sqlite')));
    } finally {
      cwd.remove();
    }
  });

  it('warns at start when it listens on every address and no public URL is set', () => {
    const own = tempDir('confab-cli-serve-');
    try {
      // The missing Janus program stops the start before anything listens on 0.0.0.0.
      const result = confab(['serve'], {
        env: {
          CONFAB_DATA_DIR: own.path, CONFAB_HOST: '0.0.0.0', CONFAB_PORT: String(randomInt(46_000, 50_000)),
          CONFAB_JANUS_BINARY: join(own.path, 'no-janus'), CONFAB_PUBLIC_URL: '', CONFAB_LOG_LEVEL: 'warn',
          CONFAB_ADMIN_PASSWORD: 'correct horse',
        },
      });
      assert.equal(result.status, 1);
      assert.match(result.stderr, /CONFAB_JANUS_BINARY/);
      const warnings = result.stdout.trim().split('\n').filter(Boolean)
        .map((line) => z.object({ level: z.number(), msg: z.string() }).parse(JSON.parse(line)));
      assert.ok(warnings.some((w) => w.level === 40 && /^CONFAB_HOST is 0\.0\.0\.0.*set CONFAB_PUBLIC_URL/
        .test(w.msg)), result.stdout);
    } finally {
      own.remove();
    }
  });
});
