import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, validateConfig, type ConfigInput } from '../../src/config/index.ts';
import { DEFAULT_INDICATOR_SETTINGS } from '../../src/indicators/settings.ts';

const DB_URL = 'postgres://exporter@db.example:5432/ecm';

function problemsOf(input: Partial<ConfigInput>): string[] {
  try {
    validateConfig({ text: undefined, source: 'test.yaml', env: {}, requireDatabaseUrl: false, ...input });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('needs nothing but DATABASE_URL: every other value is a documented default', () => {
    const config = validateConfig({ text: undefined, source: '(defaults)', env: { DATABASE_URL: DB_URL }, requireDatabaseUrl: true });
    expect(config.server).toEqual({ listenAddress: '127.0.0.1', port: 9187 });
    // The governance store defaults to the ECM database.
    expect(config.database).toEqual({ url: DB_URL, governanceUrl: DB_URL, poolSize: 2 });
    expect(config.refresh).toEqual({ intervalSeconds: 60, statementTimeoutMs: 10_000, deadlineSeconds: 300, reverifyMinutes: 15 });
    expect(config.logLevel).toBe('info');
    expect(config.indicators).toEqual(DEFAULT_INDICATOR_SETTINGS);
    expect(Object.isFrozen(config.indicators.thresholds)).toBe(true);
  });

  it('requires a database URL for serve, naming where to put it', () => {
    expect(problemsOf({ requireDatabaseUrl: true })).toEqual(['database.url: required: set DATABASE_URL or database.url']);
  });

  it('merges file values over the defaults key by key', () => {
    const text = [
      'server: { port: 9300 }',
      'indicators:',
      '  minCohort: 10',
      '  taskTolerance: { byCategory: { nutrition: 45 } }',
      '  alertAckTargetSeconds: { critical: 120 }',
      '  thresholds: { task_on_time: { weekly: { target: 0.85 } } }',
      '  phasePins: { "loc-1": monthly }',
    ].join('\n');
    const config = validateConfig({ text, source: 'x.yaml', env: {}, requireDatabaseUrl: false });
    expect(config.server.port).toBe(9300);
    expect(config.indicators.minCohort).toBe(10);
    expect(config.indicators.taskTolerance).toEqual({ defaultMinutes: 60, byCategory: { medication: 30, nutrition: 45 } });
    expect(config.indicators.alertAckTargetSeconds).toEqual({ critical: 120, high: 300, medium: 900, low: 3600 });
    const defaults = DEFAULT_INDICATOR_SETTINGS.thresholds.task_on_time;
    expect(config.indicators.thresholds.task_on_time).toEqual({ weekly: { target: 0.85, critical: defaults?.weekly.critical }, monthly: defaults?.monthly });
    expect(config.indicators.phasePins).toEqual({ 'loc-1': 'monthly' });
  });

  it('lets the environment override the file, and a flag override both', () => {
    const text = 'server: { port: 9300, listenAddress: 127.0.0.1 }\nrefresh: { intervalSeconds: 120 }\nindicators: { minCohort: 10 }';
    const env = {
      PORT: '9400',
      HOST: '0.0.0.0',
      REFRESH_INTERVAL_SECONDS: '30',
      STATEMENT_TIMEOUT_MS: '5000',
      LOG_LEVEL: 'debug',
      MIN_COHORT: '3',
      DATABASE_URL: DB_URL,
      DATABASE_POOL_SIZE: '8',
    };
    const config = validateConfig({ text, source: 'x.yaml', env, requireDatabaseUrl: true });
    expect(config.server).toEqual({ listenAddress: '0.0.0.0', port: 9400 });
    expect(config.refresh).toEqual({ intervalSeconds: 30, statementTimeoutMs: 5000, deadlineSeconds: 300, reverifyMinutes: 15 });
    expect(config.logLevel).toBe('debug');
    expect(config.indicators.minCohort).toBe(3);
    expect(config.database).toEqual({ url: DB_URL, governanceUrl: DB_URL, poolSize: 8 });
    expect(validateConfig({ text, source: 'x.yaml', env, flags: { port: '9500' }, requireDatabaseUrl: true }).server.port).toBe(9500);
    // LISTEN_ADDRESS wins over its alias HOST.
    expect(validateConfig({ text, source: 'x.yaml', env: { ...env, LISTEN_ADDRESS: '::1' }, requireDatabaseUrl: true }).server.listenAddress).toBe('::1');
  });

  it('reads a separate governance store from GOVERNANCE_DATABASE_URL or database.governanceUrl, checked as a postgres URL', () => {
    const other = 'postgres://governance@db.example:5432/adoption';
    const fromEnv = validateConfig({
      text: undefined,
      source: 'x.yaml',
      env: { DATABASE_URL: DB_URL, GOVERNANCE_DATABASE_URL: other },
      requireDatabaseUrl: true,
    });
    expect(fromEnv.database).toEqual({ url: DB_URL, governanceUrl: other, poolSize: 2 });
    const fromFile = validateConfig({ text: `database: { url: "${DB_URL}", governanceUrl: "${other}" }`, source: 'x.yaml', env: {}, requireDatabaseUrl: true });
    expect(fromFile.database.governanceUrl).toBe(other);
    expect(problemsOf({ env: { GOVERNANCE_DATABASE_URL: 'mysql://x/y' } })).toEqual([
      'env GOVERNANCE_DATABASE_URL: must be a postgres:// or postgresql:// URL (got "mysql://x/y")',
    ]);
    expect(problemsOf({ text: 'database: { governanceUrl: "adoption" }' })).toEqual(['database.governanceUrl: must be a postgres:// or postgresql:// URL']);
  });

  it('reads the refresh deadline from REFRESH_DEADLINE_SECONDS or refresh.deadlineSeconds, longer than one statement', () => {
    const fromEnv = validateConfig({
      text: 'refresh: { deadlineSeconds: 120 }',
      source: 'x.yaml',
      env: { REFRESH_DEADLINE_SECONDS: '90' },
      requireDatabaseUrl: false,
    });
    expect(fromEnv.refresh.deadlineSeconds).toBe(90);
    expect(problemsOf({ env: { REFRESH_DEADLINE_SECONDS: '0' } })).toEqual(['env REFRESH_DEADLINE_SECONDS: must be >= 1 second (got "0")']);
    expect(problemsOf({ text: 'refresh: { deadlineSeconds: "soon" }' })).toEqual(['refresh.deadlineSeconds: Invalid input: expected number, received string']);
    // 10 s deadline, 10 s statement timeout: no statement could ever use its timeout.
    expect(problemsOf({ text: 'refresh: { deadlineSeconds: 10, statementTimeoutMs: 10000 }' })).toEqual([
      'refresh.deadlineSeconds: must be longer than the statement timeout (10000 ms), or every run would be stopped before one statement may finish',
    ]);
  });

  it('reads the re-verification period from REFRESH_REVERIFY_MINUTES or refresh.reverifyMinutes, whole minutes from 1 to 1440', () => {
    const read = (input: Partial<ConfigInput>) => validateConfig({ text: undefined, source: 'x.yaml', env: {}, requireDatabaseUrl: false, ...input });
    expect(read({ text: 'refresh: { reverifyMinutes: 5 }' }).refresh.reverifyMinutes).toBe(5);
    expect(read({ text: 'refresh: { reverifyMinutes: 5 }', env: { REFRESH_REVERIFY_MINUTES: '30' } }).refresh.reverifyMinutes).toBe(30);
    expect(problemsOf({ env: { REFRESH_REVERIFY_MINUTES: '0' } })).toEqual(['env REFRESH_REVERIFY_MINUTES: must be 1..1440 minutes (got "0")']);
    expect(problemsOf({ text: 'refresh: { reverifyMinutes: 1441 }' })).toEqual(['refresh.reverifyMinutes: must be 1..1440 minutes']);
    expect(problemsOf({ text: 'refresh: { reverifyMinutes: 2.5 }' })).toEqual(['refresh.reverifyMinutes: must be whole minutes']);
  });

  it('lists every shape problem at once, each with its path', () => {
    const text = [
      'server: { port: 70000, listenAdress: 0.0.0.0 }',
      'refresh: { intervalSeconds: "soon" }',
      'logLevel: loud',
      'indicators:',
      '  minCohort: 2.5',
      '  thresholdz: {}',
      '  alertAckTargetSeconds: { urgent: 60 }',
      '  phasePins: { "loc-1": yearly }',
      '  thresholds: { task_on_time: { weekly: { target: 1.5 } } }',
    ].join('\n');
    expect(problemsOf({ text, env: { PORT: 'eighty', MIN_COHORT: '0' } })).toEqual([
      'server.port: must be 0..65535',
      'server.listenAdress: unknown key',
      'refresh.intervalSeconds: Invalid input: expected number, received string',
      'logLevel: Invalid option: expected one of "fatal"|"error"|"warn"|"info"|"debug"|"trace"|"silent"',
      'indicators.alertAckTargetSeconds.urgent: unknown key',
      'indicators.minCohort: must be a whole number',
      'indicators.thresholds.task_on_time.weekly.target: must be a ratio between 0 and 1',
      'indicators.phasePins.loc-1: Invalid option: expected one of "weekly"|"monthly"',
      'indicators.thresholdz: unknown key',
      'env PORT: Invalid input: expected number, received string (got "eighty")',
      'env MIN_COHORT: must be >= 1 (got "0")',
    ]);
  });

  it('then checks meaning: thresholds against the direction, unknown indicators', () => {
    const text = [
      'indicators:',
      // task_completion is higher_is_better: a critical above the target is backwards.
      '  thresholds: { task_completion: { monthly: { target: 0.8, critical: 0.9 } }, login_coverge: { weekly: { target: 0.5, critical: 0.4 } } }',
      '  coreIndicators: [task_completion, logins]',
    ].join('\n');
    const problems = problemsOf({ text });
    expect(problems).toContain('indicators.thresholds.task_completion.monthly: higher_is_better: target (0.8) must be >= critical (0.9)');
    expect(problems.some((p) => p.startsWith('indicators.thresholds.login_coverge: unknown indicator "login_coverge"'))).toBe(true);
    expect(problems).toContain('indicators.coreIndicators.1: unknown indicator "logins"');
    expect(problems).toHaveLength(3);
  });

  it('reports YAML syntax errors with line and column, and a non-mapping document', () => {
    expect(problemsOf({ text: 'server:\n  port: [9187\n' })[0]).toMatch(/^line \d+, column \d+: /);
    expect(problemsOf({ text: '- just\n- a list\n' })).toEqual([
      '(top level): must be a mapping of sections (server, database, refresh, logLevel, indicators)',
    ]);
  });

  it('formats all problems into one message for the CLI', () => {
    const error = new ConfigError('x.yaml', [
      { path: 'a.b', message: 'bad' },
      { path: 'env PORT', message: 'worse' },
    ]);
    expect(error.message).toBe('invalid configuration x.yaml (2 problems):\n  - a.b: bad\n  - env PORT: worse');
    expect(error.exitCode).toBe(2);
  });
});

describe('loadConfig from a file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ecm-config-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('reads the file, and names a missing one', async () => {
    const file = path.join(dir, 'ok.yaml');
    await writeFile(file, 'database: { url: "postgres://u@h/db" }\n');
    const config = await loadConfig({ file, env: {}, requireDatabaseUrl: true });
    expect(config.source).toBe(file);
    expect(config.database.url).toBe('postgres://u@h/db');
    // A relative path is read from baseDir (the folder the user ran npm from), and named as given.
    const relative = await loadConfig({ file: 'ok.yaml', baseDir: dir, env: {}, requireDatabaseUrl: true });
    expect(relative.source).toBe('ok.yaml');
    expect(relative.database.url).toBe('postgres://u@h/db');
    await expect(loadConfig({ file: path.join(dir, 'nope.yaml'), env: {}, requireDatabaseUrl: false })).rejects.toThrow(
      /nope\.yaml \(1 problem\):\n {2}- \(file\): file not found/,
    );
  });

  it('accepts the shipped config.example.yaml as it is', async () => {
    const file = new URL('../../config.example.yaml', import.meta.url).pathname;
    const config = await loadConfig({ file, env: {}, requireDatabaseUrl: false });
    expect(config.indicators).toEqual(DEFAULT_INDICATOR_SETTINGS);
  });
});
