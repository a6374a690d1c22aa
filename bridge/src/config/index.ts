export { loadConfig, ConfigError } from './load.js';
export { VARIABLES } from './variables.js';
export type { BridgeConfig } from './types.js';
