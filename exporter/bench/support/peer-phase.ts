/**
 * The straightforward SQL's full run, as a generic SQL exporter does at every scrape: the
 * seven plain queries one after the other on one connection, reference time now(). Rows
 * read and database time come from the server's statistics around the run (settled, see
 * server-stats.ts); nothing else queries the ecm tables meanwhile.
 */
import type { Db } from '../../src/db/index.ts';
import { STRAIGHTFORWARD_QUERIES } from '../straightforward/index.ts';
import { delta, readServer, settle } from './server-stats.ts';

export interface PeerRun {
  wallMs: number;
  /** total_exec_time of the run's statements, or the wall time without pg_stat_statements. */
  dbMs: number;
  dbSource: string;
  rowsRead: number;
  perQuery: Array<{ indicator: string; wallMs: number; rows: number }>;
}

export interface PeerFigures {
  runs: PeerRun[];
}

async function onePass(db: Db, statements: boolean): Promise<PeerRun> {
  await settle();
  const before = await readServer(db, statements);
  const perQuery: PeerRun['perQuery'] = [];
  const started = performance.now();
  const now = new Date().toISOString();
  for (const query of STRAIGHTFORWARD_QUERIES) {
    const t = performance.now();
    // A READ ONLY transaction with no timeout that matters: the run is measured, not cut off.
    const { rows } = await db.readOnly((tx) => tx.query(query.sql, [now]), { statementTimeoutMs: 600_000 });
    perQuery.push({ indicator: query.indicator, wallMs: performance.now() - t, rows: rows.length });
  }
  const wallMs = performance.now() - started;
  await settle();
  const change = delta(before, await readServer(db, statements));
  return {
    wallMs,
    dbMs: change.execMs ?? wallMs,
    dbSource: change.execMs === undefined ? 'wall time' : 'pg_stat_statements',
    rowsRead: change.rowsRead,
    perQuery,
  };
}

/** Two full runs: the first after the exporter phases, the second with the cache as warm as it gets. */
export async function runPeer(db: Db, statements: boolean): Promise<PeerFigures> {
  const runs: PeerRun[] = [];
  for (let i = 0; i < 2; i += 1) runs.push(await onePass(db, statements));
  return { runs };
}
