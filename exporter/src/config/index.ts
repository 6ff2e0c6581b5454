export { ConfigError, type ConfigProblem } from './errors.ts';
export { ENV_ALIASES, ENV_OVERRIDES, type EnvOverride } from './env.ts';
export { issuesToProblems, loadConfig, RUNTIME_DEFAULTS, validateConfig, type ConfigInput, type ValidatedConfig } from './load.ts';
export { LOG_LEVELS, type LogLevel } from './schema.ts';
export { invocationDir } from './paths.ts';
