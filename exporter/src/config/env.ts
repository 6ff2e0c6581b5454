/**
 * Environment variables that override the config file, as one table: the
 * loader, `.env.example` and docs/configuration.md all follow it.
 * A variable set to the empty string counts as unset.
 */
import { z } from 'zod';
import { databaseUrl, deadlineSeconds, intervalSeconds, listenAddress, logLevel, poolSize, port, statementTimeoutMs, webConfigFilePath } from './schema.ts';

export interface EnvOverride {
  name: string;
  /** Path in the config file the variable overrides. */
  path: readonly string[];
  kind: 'string' | 'number';
  schema: z.ZodType;
  description: string;
  /** The value may hold a password (a database URL): messages show it through redactUrl. */
  secret?: boolean;
}

// Indicator values are checked again, with every other indicator setting, in the meaning pass.
const wholeAtLeastOne = z.number().int('must be a whole number').min(1, 'must be >= 1');
const minutes = z.number().min(0, 'must be >= 0');

export const ENV_OVERRIDES: readonly EnvOverride[] = [
  {
    name: 'DATABASE_URL',
    path: ['database', 'url'],
    kind: 'string',
    schema: databaseUrl,
    description: 'PostgreSQL URL of the ECM database (read-only role recommended)',
    secret: true,
  },
  {
    name: 'GOVERNANCE_DATABASE_URL',
    path: ['database', 'governanceUrl'],
    kind: 'string',
    schema: databaseUrl,
    description: 'PostgreSQL URL of the governance store (schema adoption); default: the ECM database',
    secret: true,
  },
  {
    name: 'DATABASE_POOL_SIZE',
    path: ['database', 'poolSize'],
    kind: 'number',
    schema: poolSize,
    description: 'connections for indicator and governance queries (run in parallel up to this), plus one reserved for the live safety gauges',
  },
  {
    name: 'LISTEN_ADDRESS',
    path: ['server', 'listenAddress'],
    kind: 'string',
    schema: listenAddress,
    description: 'address to listen on (HOST is accepted as an alias)',
  },
  { name: 'PORT', path: ['server', 'port'], kind: 'number', schema: port, description: 'HTTP port' },
  {
    name: 'WEB_CONFIG_FILE',
    path: ['server', 'webConfigFile'],
    kind: 'string',
    schema: webConfigFilePath,
    description: 'web config file (exporter-toolkit format): TLS and basic auth on every endpoint',
  },
  {
    name: 'REFRESH_INTERVAL_SECONDS',
    path: ['refresh', 'intervalSeconds'],
    kind: 'number',
    schema: intervalSeconds,
    description: 'each refresh lane (live safety gauges; indicators and governance) starts a run this often',
  },
  {
    name: 'STATEMENT_TIMEOUT_MS',
    path: ['refresh', 'statementTimeoutMs'],
    kind: 'number',
    schema: statementTimeoutMs,
    description: 'statement timeout of every read-only query',
  },
  {
    name: 'REFRESH_DEADLINE_SECONDS',
    path: ['refresh', 'deadlineSeconds'],
    kind: 'number',
    schema: deadlineSeconds,
    description:
      'a run of the indicator and governance lane is stopped after this (its connections destroyed); the safety lane gets 2x the statement timeout, at most the interval',
  },
  { name: 'LOG_LEVEL', path: ['logLevel'], kind: 'string', schema: logLevel, description: 'pino log level' },
  {
    name: 'MIN_COHORT',
    path: ['indicators', 'minCohort'],
    kind: 'number',
    schema: wholeAtLeastOne,
    description: 'windows with a smaller denominator are suppressed',
  },
  {
    name: 'TASK_TOLERANCE_MINUTES',
    path: ['indicators', 'taskTolerance', 'defaultMinutes'],
    kind: 'number',
    schema: minutes,
    description: 'minutes after due a task still counts as on time (categories without their own)',
  },
  {
    name: 'NOTE_LATE_MINUTES',
    path: ['indicators', 'noteLateMinutes'],
    kind: 'number',
    schema: minutes,
    description: 'a note recorded later than this after the event is late',
  },
];

/** HOST is what many platforms set; LISTEN_ADDRESS wins when both are set. */
export const ENV_ALIASES: Readonly<Record<string, string>> = { HOST: 'LISTEN_ADDRESS' };
