/**
 * The connection pools `serve` reads through. Nothing connects here: a database
 * that is down at start is retried by the refresh schedule, with backoff.
 */
import { refreshBudget, type RefreshTimeConfig } from '../runtime/budget.ts';
import { createPgDb } from './pg.ts';
import type { Db } from './types.ts';

export interface ServePoolsConfig {
  url: string;
  /** The governance store; a pool of its own only when it is another database. */
  governanceUrl: string | undefined;
  /** database.poolSize: connections for indicator and governance queries. */
  poolSize: number;
  refresh: RefreshTimeConfig;
}

export interface ServePools {
  /** The ECM database, for the history lane (indicators; governance too when in the same database). */
  db: Db;
  /** One more connection to the ECM database, for the live safety gauges alone: indicator queries can never occupy it. */
  safetyDb: Db;
  governanceDb: Db | undefined;
}

export function openServePools(config: ServePoolsConfig): ServePools {
  const { queryTimeoutMs, connectTimeoutMs } = refreshBudget(config.refresh);
  // Connections outlive a refresh interval, so a steady exporter does not reconnect on every run.
  const common = { connectTimeoutMs, queryTimeoutMs, idleTimeoutMs: Math.max(10_000, 2 * config.refresh.intervalSeconds * 1000) };
  const db = createPgDb({ connectionString: config.url, max: config.poolSize, ...common });
  const safetyDb = createPgDb({ connectionString: config.url, max: 1, applicationName: 'ecm-adoption-exporter safety', ...common });
  const { governanceUrl } = config;
  const separate = governanceUrl !== undefined && governanceUrl !== config.url;
  const governanceDb = separate
    ? createPgDb({ connectionString: governanceUrl, max: config.poolSize, applicationName: 'ecm-adoption-exporter governance', ...common })
    : undefined;
  return { db, safetyDb, governanceDb };
}
