export { DEFAULT_DATA_DIR, DEFAULT_JANUS_WS_PORT, loadConfig } from './load.js';
export type { Config } from './load.js';
export { ConfigError } from './config-error.js';
export type { LogLevel } from './settings.js';
export { serverVersion } from './version.js';
