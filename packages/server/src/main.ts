import { parseArgs } from 'node:util';
import { ConfabError } from '@confab/protocol';
import { pino } from 'pino';
import { AccountsService } from './accounts/service.js';
import type { AccountChanges } from './accounts/service.js';
import { addUser, changePassword, deleteUser, listUsers, setUser } from './accounts/user-commands.js';
import { ConfigError, loadConfig, serverVersion } from './config/index.js';
import type { Config } from './config/index.js';
import { createLogger } from './log.js';
import { StartError, startServer } from './server.js';
import type { RunningServer } from './server.js';
import { migrate, openSqlite } from './store/db.js';

const USAGE = `Usage:
  confab serve [--config FILE]
  confab user add NAME --password PW [--display-name TEXT] [--admin] [--meeting-right] [--phone-right]
  confab user list
  confab user passwd NAME --password PW
  confab user set NAME [--display-name TEXT] [--admin | --no-admin]
                       [--meeting-right | --no-meeting-right] [--phone-right | --no-phone-right]
  confab user delete NAME
  confab help | --help
  confab --version

Every command reads the settings file given by --config FILE (or CONFAB_CONFIG) and the CONFAB_*
environment variables. "--password -" reads the password from standard input instead, which keeps
it out of the process list. "user set" changes only what it is given; open sessions see the new
rights at once. "user delete" ends the account's sessions; meetings it organised, and their chat,
stay. The last administrator can be neither deleted nor made an ordinary account.`;

/** A command line that does not parse: print the usage and exit 2. */
class UsageError extends Error {}

/** Grace for open requests and media before a stop becomes an exit. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

const options = {
  config: { type: 'string' },
  password: { type: 'string' },
  'display-name': { type: 'string' },
  admin: { type: 'boolean' },
  'no-admin': { type: 'boolean' },
  'meeting-right': { type: 'boolean' },
  'no-meeting-right': { type: 'boolean' },
  'phone-right': { type: 'boolean' },
  'no-phone-right': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

type Args = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>;
type OptionName = keyof typeof options;

/** The rights `user set` turns on or off: each flag, its opposite, and the field it changes. */
const TOGGLES = [
  ['admin', 'no-admin', 'isAdmin'],
  ['meeting-right', 'no-meeting-right', 'meetingRight'],
  ['phone-right', 'no-phone-right', 'phoneRight'],
] as const;

const USER_SUBCOMMANDS = 'add, list, passwd, set or delete';

async function run(argv: string[]): Promise<void> {
  const args = parse(argv);
  const [command, sub, ...rest] = args.positionals;
  if (args.values.help || command === 'help') return void process.stdout.write(`${USAGE}\n`);
  if (args.values.version) return void process.stdout.write(`confab ${serverVersion}\n`);

  if (command === 'serve') {
    if (sub !== undefined) throw new UsageError(`"serve" takes no arguments, got ${quoted([sub, ...rest])}`);
    allowOnly(args, ['config']);
    return serve(loadConfig(process.env, fileOption(args)));
  }
  if (command !== 'user') {
    const problem = command === undefined ? 'no command' : `unknown command ${JSON.stringify(command)}`;
    throw new UsageError(`${problem}; use "serve", "user" or "help"`);
  }

  if (sub === 'list') {
    if (rest.length > 0) throw new UsageError(`"user list" takes no account name, got ${quoted(rest)}`);
    allowOnly(args, ['config']);
    return withAccounts(args, (accounts) => listUsers(accounts, write));
  }
  if (sub !== 'add' && sub !== 'passwd' && sub !== 'set' && sub !== 'delete') {
    throw new UsageError(sub === undefined
      ? `"user" needs a subcommand: ${USER_SUBCOMMANDS}`
      : `unknown user subcommand ${JSON.stringify(sub)}; use ${USER_SUBCOMMANDS}`);
  }

  const [name] = rest;
  if (name === undefined) throw new UsageError(`"user ${sub}" needs one account name`);
  if (rest.length > 1) {
    throw new UsageError(`"user ${sub}" takes one account name, got ${rest.length}: ${quoted(rest)}`);
  }

  switch (sub) {
    case 'add': {
      allowOnly(args, ['config', 'password', 'display-name', 'admin', 'meeting-right', 'phone-right']);
      const password = await passwordOption(args);
      return withAccounts(args, (accounts) => addUser(accounts, {
        username: name,
        password,
        displayName: args.values['display-name'],
        isAdmin: args.values.admin === true,
        meetingRight: args.values['meeting-right'] === true,
        phoneRight: args.values['phone-right'] === true,
      }, write));
    }
    case 'passwd': {
      allowOnly(args, ['config', 'password']);
      const password = await passwordOption(args);
      return withAccounts(args, (accounts) => changePassword(accounts, name, password, write));
    }
    case 'set': {
      allowOnly(args, ['config', 'display-name', ...TOGGLES.flatMap(([on, off]) => [on, off])]);
      const changes = accountChanges(args);
      return withAccounts(args, (accounts) => setUser(accounts, name, changes, write));
    }
    case 'delete':
      allowOnly(args, ['config']);
      return withAccounts(args, (accounts) => deleteUser(accounts, name, write));
  }
}

function write(text: string): void {
  process.stdout.write(text);
}

/** Words of a command line as the person typed them, each in quotes. */
function quoted(words: readonly string[]): string {
  return words.map((word) => JSON.stringify(word)).join(' ');
}

function parse(argv: string[]): Args {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    // Node's message repeats what was typed; escape control characters so the terminal shows them.
    const message = err instanceof Error ? err.message : String(err);
    throw new UsageError(message.replace(/\p{Cc}/gu, (c) => JSON.stringify(c).slice(1, -1)));
  }
}

function allowOnly(args: Args, allowed: readonly OptionName[]): void {
  const given = Object.keys(args.values).find((key) => !allowed.some((name) => name === key));
  if (given !== undefined) throw new UsageError(`--${given} does not apply to this command`);
}

/** What `user set` was asked to change; a flag with its opposite is a mistake, not a choice. */
function accountChanges(args: Args): AccountChanges {
  const changes: AccountChanges = {};
  for (const [on, off, field] of TOGGLES) {
    const yes = args.values[on] === true;
    const no = args.values[off] === true;
    if (yes && no) throw new UsageError(`--${on} and --${off} contradict each other`);
    if (yes || no) changes[field] = yes;
  }

  const displayName = args.values['display-name'];
  if (displayName !== undefined) changes.displayName = displayName;

  if (Object.keys(changes).length === 0) {
    throw new UsageError('"user set" needs at least one of --display-name, --[no-]admin, '
      + '--[no-]meeting-right, --[no-]phone-right');
  }
  return changes;
}

function fileOption(args: Args): { file?: string } {
  return args.values.config === undefined ? {} : { file: args.values.config };
}

async function passwordOption(args: Args): Promise<string> {
  const password = args.values.password;
  if (password === undefined) throw new UsageError('--password is required');
  if (password !== '-') return password;

  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  return input.split(/\r?\n/)[0] ?? '';
}

/** Runs a user command on the server's database; safe while the server runs (SQLite WAL). */
async function withAccounts(args: Args, task: (accounts: AccountsService) => Promise<void>): Promise<void> {
  const config = loadConfig(process.env, fileOption(args));
  const db = openSqlite(config.databaseFile);

  try {
    await migrate(db);
    // Warnings only, and on stderr: stdout carries the command's own answer.
    const log = pino({ level: 'warn', base: { service: 'confab-cli' } }, pino.destination(2));
    await task(new AccountsService(db, log));
  } finally {
    await db.destroy();
  }
}

async function serve(config: Config): Promise<void> {
  const logger = createLogger(config.logLevel);
  const configLog = logger.child({ module: 'config' });
  for (const warning of config.warnings) configLog.warn(warning);

  const running = await startServer(config, logger);
  stopOnSignals(running, logger);
}

function stopOnSignals(running: RunningServer, logger: ReturnType<typeof createLogger>): void {
  let stopping = false;

  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal, exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');

    const force = setTimeout(() => {
      logger.error('shutdown took too long, exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    force.unref();

    running.close().then(() => process.exit(0), (err: unknown) => {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    });
  };

  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

run(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError) {
    process.stderr.write(`confab: ${err.message}\n\n${USAGE}\n`);
    process.exit(2);
  }

  // Errors of ours carry a complete message; anything else is a fault, and its stack helps.
  const ours = err instanceof ConfabError || err instanceof ConfigError || err instanceof StartError;
  const text = ours ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`confab: ${text}\n`);
  process.exit(1);
});
