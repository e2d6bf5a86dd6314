import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { tempDir } from './http-helpers.js';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const data = tempDir('confab-cli-');
after(() => data.remove());

/** Runs `confab ARGS` from the sources on the test's data directory. */
function confab(args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', main, ...args], {
    encoding: 'utf8',
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
      [[], 'no command; use "serve" or "user"'],
      [['frob'], 'unknown command "frob"; use "serve" or "user"'],
      [['serve', 'extra'], '"serve" takes no arguments, got "extra"'],
      [['user'], '"user" needs a subcommand: add, list or passwd'],
      [['user', 'frob', 'x'], 'unknown user subcommand "frob"; use add, list or passwd'],
      [['user', 'add'], '"user add" needs one account name'],
      [['user', 'add', 'a', 'b'], '"user add" takes one account name, got 2: "a" "b"'],
      [['user', 'passwd'], '"user passwd" needs one account name'],
      [['user', 'list', 'x'], '"user list" takes no account name, got "x"'],
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
