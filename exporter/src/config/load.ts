/**
 * Reads the config file and the environment once into a frozen ValidatedConfig.
 * Precedence: command-line flag > environment > file > documented default.
 * Two passes, like query-exporter: shape (zod, unknown keys rejected), then
 * meaning (thresholds against directions, known indicator names, a database for serve). Every
 * problem of a pass is reported at once, each with its path.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { DEFAULT_INDICATOR_SETTINGS, indicatorSettingsProblems, type IndicatorSettings } from '../indicators/settings.ts';
import { redactUrl } from '../errors.ts';
import { REVERIFY_MINUTES } from '../engine/incremental/reverify.ts';
import { ENV_ALIASES, ENV_OVERRIDES } from './env.ts';
import { ConfigError, type ConfigProblem } from './errors.ts';
import { mergeIndicatorSettings } from './merge.ts';
import { configFile, port as portSchema, webConfigFilePath, type ConfigFile, type LogLevel } from './schema.ts';

export interface ValidatedConfig {
  /** The file it was read from, or `(defaults)`. */
  readonly source: string;
  /** `webConfigFile`: absolute path of the web config file (TLS, basic auth), or undefined for plain HTTP. */
  readonly server: { readonly listenAddress: string; readonly port: number; readonly webConfigFile: string | undefined };
  /**
   * `governanceUrl`: the governance store (schema `adoption`); the ECM database
   * (`url`) when not set. When it differs, `serve` runs the governance units on it.
   */
  readonly database: { readonly url: string | undefined; readonly governanceUrl: string | undefined; readonly poolSize: number };
  /** `deadlineSeconds`: of one run of the history lane (indicators, governance); see src/runtime/budget.ts. */
  /** `reverifyMinutes`: the incremental indicators' re-verification period (src/engine/incremental/reverify.ts). */
  readonly refresh: {
    readonly intervalSeconds: number;
    readonly statementTimeoutMs: number;
    readonly deadlineSeconds: number;
    readonly reverifyMinutes: number;
  };
  readonly logLevel: LogLevel;
  readonly indicators: IndicatorSettings;
}

/** The documented defaults of everything but the indicator settings (those are DEFAULT_INDICATOR_SETTINGS). */
export const RUNTIME_DEFAULTS = Object.freeze({
  listenAddress: '127.0.0.1',
  port: 9187,
  // Two queries at a time: a refresh takes at most two cores of the care system's database server (with four on the
  // 2-core bench machine the refresh was no faster, and scrapes waited longer for a core).
  poolSize: 2,
  intervalSeconds: 60,
  statementTimeoutMs: 10_000,
  // Five minutes for a run of the history lane: the first run after a start reads the whole
  // history (95 s on the 50-home bench profile); a frozen database is caught sooner anyway,
  // by the client-side deadline on every query.
  deadlineSeconds: 300,
  reverifyMinutes: REVERIFY_MINUTES.default,
  logLevel: 'info',
});

export interface ConfigInput {
  /** YAML text of the config file; undefined when no file is used. */
  text: string | undefined;
  source: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Values given as command-line flags (they win over env and file). */
  flags?: { port?: string | undefined; webConfigFile?: string | undefined };
  /** Where a web config file named by flag or env is looked up (the folder the command was run from). */
  baseDir?: string | undefined;
  /** Where a web config file named in the config file is looked up (that file's folder). */
  fileDir?: string | undefined;
  /** `serve` needs a database; `check-config` and `demo` do not. */
  requireDatabaseUrl: boolean;
}

export function issuesToProblems(issues: readonly z.core.$ZodIssue[], prefix: string[]): ConfigProblem[] {
  return issues.flatMap((issue): ConfigProblem[] => {
    const path = [...prefix, ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: [...path, key].join('.'), message: 'unknown key' }));
    return [{ path: path.join('.') || '(top level)', message: issue.message }];
  });
}

function parseYaml(text: string, problems: ConfigProblem[]): unknown {
  const document = YAML.parseDocument(text, { uniqueKeys: true });
  for (const error of document.errors) {
    const at = error.linePos?.[0];
    problems.push({ path: at ? `line ${at.line}, column ${at.col}` : '(yaml)', message: error.message.split('\n')[0] ?? error.code });
  }
  if (document.errors.length > 0) return {};
  return document.toJS() ?? {};
}

/** Sets a value at a path inside plain nested objects, creating them on the way. */
function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  path.slice(0, -1).forEach((key) => {
    const next = node[key];
    node = next !== null && typeof next === 'object' && !Array.isArray(next) ? (next as Record<string, unknown>) : (node[key] = {});
  });
  const last = path[path.length - 1];
  if (last !== undefined) node[last] = value;
}

function envValue(env: ConfigInput['env'], name: string): string | undefined {
  const alias = Object.entries(ENV_ALIASES).find(([, target]) => target === name)?.[0];
  const value = env[name] || (alias ? env[alias] : undefined);
  return value === '' ? undefined : value;
}

/** Validates env vars and flags and lays them over the raw file tree. */
function applyOverrides(raw: Record<string, unknown>, input: ConfigInput, problems: ConfigProblem[]): void {
  const overrides: Array<{ where: string; path: readonly string[]; text: string; kind: 'string' | 'number'; schema: z.ZodType; secret?: boolean }> = [];
  for (const spec of ENV_OVERRIDES) {
    const text = envValue(input.env, spec.name);
    if (text !== undefined) overrides.push({ where: `env ${spec.name}`, path: spec.path, text, kind: spec.kind, schema: spec.schema, secret: spec.secret });
  }
  if (input.flags?.port !== undefined)
    overrides.push({ where: '--port', path: ['server', 'port'], text: input.flags.port, kind: 'number', schema: portSchema });
  if (input.flags?.webConfigFile !== undefined)
    overrides.push({
      where: '--web.config.file',
      path: ['server', 'webConfigFile'],
      text: input.flags.webConfigFile,
      kind: 'string',
      schema: webConfigFilePath,
    });
  for (const override of overrides) {
    const value = override.kind === 'number' && /^\s*-?\d+(\.\d+)?\s*$/.test(override.text) ? Number(override.text) : override.text;
    const result = override.schema.safeParse(value);
    if (result.success) setPath(raw, override.path, result.data);
    else
      problems.push({
        path: override.where,
        message: `${result.error.issues[0]?.message ?? 'invalid'} (got "${override.secret ? redactUrl(override.text) : override.text}")`,
      });
  }
}

function meaningProblems(config: ValidatedConfig, requireDatabaseUrl: boolean): ConfigProblem[] {
  const problems: ConfigProblem[] = indicatorSettingsProblems(config.indicators).map((p) => ({ path: `indicators.${p.path}`, message: p.message }));
  // A statement timeout longer than the interval is allowed on purpose: single-flight
  // means a slow refresh delays the next one instead of overlapping it.
  if (config.refresh.deadlineSeconds * 1000 <= config.refresh.statementTimeoutMs) {
    problems.push({
      path: 'refresh.deadlineSeconds',
      message: `must be longer than the statement timeout (${config.refresh.statementTimeoutMs} ms), or every run would be stopped before one statement may finish`,
    });
  }
  if (requireDatabaseUrl && !config.database.url) problems.push({ path: 'database.url', message: 'required: set DATABASE_URL or database.url' });
  return problems;
}

/** A flag or env names the file from where the command runs; the config file names it from its own folder. */
function resolveWebConfigFile(name: string | undefined, input: ConfigInput): string | undefined {
  if (name === undefined) return undefined;
  const fromFile = input.flags?.webConfigFile === undefined && envValue(input.env, 'WEB_CONFIG_FILE') === undefined;
  return path.resolve((fromFile ? input.fileDir : input.baseDir) ?? '.', name);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** Pure: validates config text + env + flags. Throws ConfigError listing every problem. */
export function validateConfig(input: ConfigInput): ValidatedConfig {
  const problems: ConfigProblem[] = [];
  const parsed = input.text === undefined ? {} : parseYaml(input.text, problems);
  const isMapping = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
  const raw: Record<string, unknown> = isMapping ? { ...(parsed as Record<string, unknown>) } : {};
  if (!isMapping) problems.push({ path: '(top level)', message: 'must be a mapping of sections (server, database, refresh, logLevel, indicators)' });
  const fileResult = configFile.safeParse(structuredClone(raw));
  if (!fileResult.success) problems.push(...issuesToProblems(fileResult.error.issues, []));
  applyOverrides(raw, input, problems);
  if (problems.length > 0) throw new ConfigError(input.source, problems);

  const shaped = configFile.safeParse(raw);
  if (!shaped.success) throw new ConfigError(input.source, issuesToProblems(shaped.error.issues, []));
  const file: ConfigFile = shaped.data;
  const config: ValidatedConfig = {
    source: input.source,
    server: {
      listenAddress: file.server?.listenAddress ?? RUNTIME_DEFAULTS.listenAddress,
      port: file.server?.port ?? RUNTIME_DEFAULTS.port,
      webConfigFile: resolveWebConfigFile(file.server?.webConfigFile, input),
    },
    database: {
      url: file.database?.url,
      governanceUrl: file.database?.governanceUrl ?? file.database?.url,
      poolSize: file.database?.poolSize ?? RUNTIME_DEFAULTS.poolSize,
    },
    refresh: {
      intervalSeconds: file.refresh?.intervalSeconds ?? RUNTIME_DEFAULTS.intervalSeconds,
      statementTimeoutMs: file.refresh?.statementTimeoutMs ?? RUNTIME_DEFAULTS.statementTimeoutMs,
      deadlineSeconds: file.refresh?.deadlineSeconds ?? RUNTIME_DEFAULTS.deadlineSeconds,
      reverifyMinutes: file.refresh?.reverifyMinutes ?? RUNTIME_DEFAULTS.reverifyMinutes,
    },
    logLevel: file.logLevel ?? RUNTIME_DEFAULTS.logLevel,
    indicators: mergeIndicatorSettings(DEFAULT_INDICATOR_SETTINGS, file.indicators ?? {}),
  };
  const meaning = meaningProblems(config, input.requireDatabaseUrl);
  if (meaning.length > 0) throw new ConfigError(input.source, meaning);
  return deepFreeze(config);
}

/**
 * Reads the file (when given; relative to baseDir) and validates it with the
 * given environment. The file is named in messages as the user wrote it.
 */
export async function loadConfig(
  options: Omit<ConfigInput, 'text' | 'source'> & { file: string | undefined; baseDir?: string | undefined },
): Promise<ValidatedConfig> {
  let text: string | undefined;
  if (options.file !== undefined) {
    try {
      text = await readFile(path.resolve(options.baseDir ?? '.', options.file), 'utf8');
    } catch (error) {
      const reason =
        error instanceof Error && 'code' in error && error.code === 'ENOENT' ? 'file not found' : error instanceof Error ? error.message : String(error);
      throw new ConfigError(options.file, [{ path: '(file)', message: reason }]);
    }
  }
  const fileDir = options.file === undefined ? undefined : path.dirname(path.resolve(options.baseDir ?? '.', options.file));
  return validateConfig({ ...options, text, source: options.file ?? '(defaults)', fileDir });
}
