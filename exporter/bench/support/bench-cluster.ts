/**
 * The PostgreSQL server a benchmark runs on: BENCH_DATABASE_URL when set; otherwise a
 * throwaway cluster of its own (test/support/pg-cluster.ts) in BENCH_CLUSTER_DIR (default
 * <tmp>/ecm-bench-cluster), kept between runs so the large profile is seeded once. The own
 * cluster preloads pg_stat_statements (`shared_preload_libraries` needs a restart, which a
 * shared server cannot be asked for), so database time is the server's own figure.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createPgCluster, pgBinaries, type PgCluster } from '../../test/support/pg-cluster.ts';
import { freePort } from '../../test/support/serve-process.ts';

export interface BenchServer {
  /** URL of the benchmark's database on it. */
  url: string;
  /** Another database on the same server (created when missing by the caller's seed). */
  urlOf(database: string): string;
  /** Stops the own cluster (its directory and data are kept); nothing for BENCH_DATABASE_URL. */
  stop(): void;
  describe: string;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

export async function benchServer(defaultDatabase: string): Promise<BenchServer> {
  const given = process.env.BENCH_DATABASE_URL;
  if (given) return { url: given, urlOf: (database) => withDatabase(given, database), stop: () => undefined, describe: 'BENCH_DATABASE_URL' };
  const binaries = pgBinaries();
  if ('missing' in binaries) throw new Error(`set BENCH_DATABASE_URL, or let the benchmark start its own cluster: ${binaries.missing}`);
  const dir = process.env.BENCH_CLUSTER_DIR ?? path.join(tmpdir(), 'ecm-bench-cluster');
  const cluster: PgCluster = createPgCluster({
    port: await freePort(),
    dir,
    settings: { shared_preload_libraries: "'pg_stat_statements'", 'pg_stat_statements.max': '10000', shared_buffers: "'512MB'", max_connections: '200' },
  });
  const url = cluster.url(defaultDatabase);
  return { url, urlOf: (database) => cluster.url(database), stop: () => cluster.remove(), describe: `own cluster in ${dir} (port ${cluster.port})` };
}

/** Creates the database of `url` when its server has none of that name (connecting to `postgres`). */
export async function ensureDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_database WHERE datname = $1', [name]);
    if (rows[0]?.n === 0) await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
}
