import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error.js';
import { fileKeys } from './settings.js';
import type { Setting } from './settings.js';

/**
 * Where raw setting values come from: an environment variable wins over the settings file. An
 * empty variable counts as unset, so `CONFAB_X=` in a unit file does not turn into a bad value.
 */
export class SettingsSource {
  private readonly file: Record<string, unknown>;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly fileName: string | null,
  ) {
    this.file = fileName === null ? {} : readSettingsFile(fileName);
  }

  /** The parsed value of a setting, or undefined when neither the environment nor the file sets it. */
  get<T>(setting: Setting<T>): T | undefined {
    const raw = this.raw(setting);
    if (raw === undefined) return undefined;

    const result = setting.schema.safeParse(raw);
    if (result.success) return result.data;

    const problem = result.error.issues[0]?.message ?? 'is not valid';
    const got = setting.secret ? '' : `, got ${shown(raw)}`;
    throw this.error(setting, `${problem}${got}`);
  }

  /** An error about a setting, labelled with where its value came from. */
  error<T>(setting: Setting<T>, problem: string): ConfigError {
    const fromEnv = this.env[setting.env]?.trim();
    const label = fromEnv || this.fileName === null ? setting.env : `${this.fileName}: ${setting.key}`;
    return new ConfigError(`${label}: ${problem}`);
  }

  private raw<T>(setting: Setting<T>): unknown {
    const fromEnv = this.env[setting.env];
    if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv;

    const fromFile = lookup(this.file, setting.key);
    return fromFile === null ? undefined : fromFile;
  }
}

function readSettingsFile(fileName: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(fileName, 'utf8'));
  } catch (err) {
    const reason = err instanceof SyntaxError ? `not valid JSON (${err.message})`
      : err instanceof Error && 'code' in err ? `cannot be read (${String(err.code)})` : String(err);
    throw new ConfigError(`${fileName}: ${reason}`);
  }

  if (!isObject(parsed)) throw new ConfigError(`${fileName}: must hold a JSON object of settings`);

  checkKeys(fileName, parsed, '');
  return parsed;
}

/** Refuses typos: every key must be a known setting, or a known group (`janus`…) holding an object. */
function checkKeys(fileName: string, object: Record<string, unknown>, prefix: string): void {
  for (const [name, value] of Object.entries(object)) {
    const key = prefix + name;
    const isGroup = fileKeys.some((known) => known.startsWith(`${key}.`));

    if (isGroup && isObject(value)) {
      checkKeys(fileName, value, `${key}.`);
    } else if (isGroup && value !== null) {
      throw new ConfigError(`${fileName}: ${key}: must be an object of settings`);
    } else if (!isGroup && !fileKeys.includes(key)) {
      const known = fileKeys.join(', ');
      throw new ConfigError(`${fileName}: unknown setting ${JSON.stringify(key)} (known: ${known})`);
    }
  }
}

function lookup(object: Record<string, unknown>, key: string): unknown {
  let node: unknown = object;
  for (const part of key.split('.')) {
    node = isObject(node) ? node[part] : undefined;
  }
  return node;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shown(raw: unknown): string {
  const text = JSON.stringify(raw) ?? String(raw);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
