/**
 * What a database server says it did, read before and after a phase of bench:scale:
 * rows read from the ecm tables (pg_stat_user_tables.seq_tup_read + pg_stat_user_indexes.
 * idx_tup_read, schema ecm) and, when pg_stat_statements is loaded, database time (its
 * total_exec_time over this database's statements).
 *
 * Statistics are not instant: since PostgreSQL 15 a backend flushes its counts to shared
 * memory when it goes idle, at most every second and at the latest after about ten
 * seconds (pg_stat_statements is updated at the end of each statement). Callers take a
 * reading STATS_SETTLE_MS after the work they want counted has finished, and every reading
 * starts with pg_stat_clear_snapshot() so a transaction never reuses an older snapshot.
 */
import type { Db } from '../../src/db/index.ts';

/** How long after the last counted query a reading is taken (PGSTAT_IDLE_INTERVAL is 10 s). */
export const STATS_SETTLE_MS = 12_000;

export interface ServerReading {
  /** seq_tup_read + idx_tup_read over the ecm tables and their indexes. */
  rowsRead: number;
  /** Sum of pg_stat_statements.total_exec_time (ms) of this database, without the benchmark's own statistics queries; undefined without the extension. */
  execMs: number | undefined;
  /** Statement executions counted by pg_stat_statements (same filter). */
  calls: number | undefined;
}

const ROWS_READ = `SELECT
  (SELECT coalesce(sum(seq_tup_read), 0) FROM pg_stat_user_tables WHERE schemaname = 'ecm')
  + (SELECT coalesce(sum(idx_tup_read), 0) FROM pg_stat_user_indexes WHERE schemaname = 'ecm') AS rows_read`;

// The benchmark's own readings mention pg_stat_*; the exporter's statements never do.
const EXEC_TIME = `SELECT coalesce(sum(total_exec_time), 0)::float8 AS exec_ms, coalesce(sum(calls), 0)::float8 AS calls
FROM pg_stat_statements
WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '%pg\\_stat%'`;

/** Installs pg_stat_statements in the database when the server preloads it; false when it cannot be used. */
export async function enableStatements(db: Db): Promise<boolean> {
  const { rows } = await db.query<{ loaded: boolean }>(`SELECT current_setting('shared_preload_libraries') ~ 'pg_stat_statements' AS loaded`);
  if (rows[0]?.loaded !== true) return false;
  await db.exec('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  return true;
}

export async function readServer(db: Db, statements: boolean): Promise<ServerReading> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_stat_clear_snapshot()');
    const rows = await tx.query<{ rows_read: string }>(ROWS_READ);
    const exec = statements ? (await tx.query<{ exec_ms: number; calls: number }>(EXEC_TIME)).rows[0] : undefined;
    return { rowsRead: Number(rows.rows[0]?.rows_read ?? Number.NaN), execMs: exec?.exec_ms, calls: exec?.calls };
  });
}

export interface ServerDelta {
  rowsRead: number;
  execMs: number | undefined;
  calls: number | undefined;
}

export function delta(before: ServerReading, after: ServerReading): ServerDelta {
  const minus = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined || b === undefined ? undefined : a - b);
  return { rowsRead: after.rowsRead - before.rowsRead, execMs: minus(after.execMs, before.execMs), calls: minus(after.calls, before.calls) };
}

export const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, STATS_SETTLE_MS));
