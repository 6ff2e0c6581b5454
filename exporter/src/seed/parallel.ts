/**
 * Seeding on PostgreSQL with several connections. Generating the rows is the single-core
 * part of a load (the index builds already use PostgreSQL's parallel workers), so the
 * locations are shared out from one queue:
 *
 *   - the publishing connection opens the one transaction that writes the ecm tables
 *     (emptied with --replace, keys and indexes dropped, see indexes.ts) and generates
 *     the locations it takes straight into them, as with one connection;
 *   - each helper connection generates the locations it takes into its own UNLOGGED
 *     staging tables (no WAL, no indexes) in a schema made for this run, and commits;
 *   - once the queue is empty and the helpers have committed, the publishing transaction
 *     copies their rows in (INSERT ... SELECT), builds keys and indexes once and commits;
 *     the staging schema is dropped, whatever happened.
 *
 * Readers see the old rows or the new ones, never a part, and a failure or a refusal
 * leaves the ecm tables as they were, as with one connection. Each location's rows stay
 * together and in time order in the heap, as the (location_id, time) indexes like them.
 * Tried and left out: helpers only, the publisher copying everything (the copy of 17.7 M
 * rows took 36 s of an 87 s load); UNLOGGED ecm tables during the load then SET LOGGED (the
 * rewrite cost more than the WAL it saved: 26 s against 10 s for 11.9 M tasks).
 */
import { randomBytes } from 'node:crypto';
import type { Db, Queryable } from '../db/index.ts';
import { loadWithoutIndexes } from './indexes.ts';
import type { PlanRow } from './plan.ts';
import { createPlanTable, ECM_TABLES, PG_SEED_SETTINGS, prepareTarget, refuseFilledTarget, SEED_STEPS, type EcmTable } from './steps.ts';

export interface ParallelLoadOptions {
  /** Connections in all, the publishing one included (at least 2; the Db's pool must allow as many at once). */
  connections: number;
  replace: boolean;
  progress: (line: string) => void;
}

/** Staging table of helper `helper`: `<schema>.<table>_<helper>`. */
const stagingTable = (schema: string, table: string, helper: number): string => `${schema}.${table}_${helper}`;

/** A statement of SEED_STEPS aimed at a helper's staging tables (the statements name `ecm.<table>` only as targets and sources). */
export function retarget(sql: string, schema: string, helper: number): string {
  return sql.replace(/\becm\.([a-z_]+)/g, (_, table: string) => stagingTable(schema, table, helper));
}

/** The locations still to generate; `stop()` after a failure, so every connection finishes its current location and takes no more. */
function locationQueue(plans: readonly PlanRow[]): { next(): PlanRow | undefined; stop(): void } {
  let taken = 0;
  let stopped = false;
  return { next: () => (stopped ? undefined : plans[taken++]), stop: () => void (stopped = true) };
}

type Queue = ReturnType<typeof locationQueue>;

async function runLocations(tx: Queryable, statements: readonly string[], queue: Queue, done: (plan: PlanRow) => void): Promise<void> {
  try {
    for (let plan = queue.next(); plan !== undefined; plan = queue.next()) {
      for (const sql of statements) await tx.query(sql, [plan.idx]);
      done(plan);
    }
  } catch (error) {
    queue.stop();
    throw error;
  }
}

/** One helper: its own transaction (committed at its end, so the publisher sees its rows) and its own plan table. */
async function helper(
  db: Db,
  index: number,
  context: { schema: string; plans: readonly PlanRow[]; queue: Queue; done: (plan: PlanRow, by: string) => void },
): Promise<void> {
  const statements = SEED_STEPS.map((step) => retarget(step.sql, context.schema, index));
  try {
    await db.transaction(async (tx) => {
      for (const setting of PG_SEED_SETTINGS) await tx.query(setting);
      await createPlanTable(tx, context.plans);
      await runLocations(tx, statements, context.queue, (plan) => context.done(plan, `helper ${index}`));
    });
  } catch (error) {
    context.queue.stop(); // also when the transaction could not even start
    throw error;
  }
}

/** Row counts of what this transaction inserted into the ecm tables: exact, and without reading 17 million rows again. */
async function insertedRows(tx: Queryable): Promise<Record<EcmTable, number>> {
  const { rows } = await tx.query<{ relname: string; inserted: number }>(
    `SELECT relname, n_tup_ins::int AS inserted FROM pg_stat_xact_user_tables WHERE schemaname = 'ecm' AND relname = ANY($1::text[])`,
    [ECM_TABLES],
  );
  const byTable = new Map(rows.map((row) => [row.relname, row.inserted]));
  return Object.fromEntries(ECM_TABLES.map((table) => [table, byTable.get(table) ?? 0])) as Record<EcmTable, number>;
}

function firstFailure(results: readonly PromiseSettledResult<unknown>[]): Error | undefined {
  const failed = results.find((result) => result.status === 'rejected');
  if (!failed) return undefined;
  return failed.reason instanceof Error ? failed.reason : new Error(String(failed.reason));
}

export async function loadInParallel(db: Db, plans: readonly PlanRow[], options: ParallelLoadOptions): Promise<Record<EcmTable, number>> {
  // Refuse before writing anything; the publishing transaction checks again under its lock.
  await refuseFilledTarget(db, options.replace);
  const helpers = Math.max(1, Math.min(options.connections - 1, plans.length - 1));
  const schema = `ecm_seed_load_${randomBytes(4).toString('hex')}`;
  const done = (plan: PlanRow, by: string): void => options.progress(`${plan.location_id} (${plan.idx}/${plans.length}) loaded by the ${by}`);
  try {
    const staging = ECM_TABLES.flatMap((table) =>
      Array.from({ length: helpers }, (_, h) => `CREATE UNLOGGED TABLE ${stagingTable(schema, table, h + 1)} (LIKE ecm.${table})`),
    );
    await db.exec([`CREATE SCHEMA ${schema}`, ...staging].join(';\n'));
    return await db.transaction(async (tx) => {
      await prepareTarget(tx, options.replace);
      for (const setting of PG_SEED_SETTINGS) await tx.query(setting);
      await createPlanTable(tx, plans);
      const counts = await loadWithoutIndexes(
        tx,
        async () => {
          const queue = locationQueue(plans);
          const helping = Array.from({ length: helpers }, (_, h) => helper(db, h + 1, { schema, plans, queue, done }));
          const own = runLocations(
            tx,
            SEED_STEPS.map((step) => step.sql),
            queue,
            (plan) => done(plan, 'publishing connection'),
          );
          const failure = firstFailure(await Promise.allSettled([own, ...helping]));
          if (failure) throw failure;
          for (const table of ECM_TABLES) {
            for (let h = 1; h <= helpers; h += 1) await tx.query(`INSERT INTO ecm.${table} SELECT * FROM ${stagingTable(schema, table, h)}`);
          }
          options.progress(`the helpers' rows copied in`);
          return insertedRows(tx);
        },
        options.progress,
      );
      await tx.query('DROP TABLE seed_plan');
      return counts;
    });
  } finally {
    // A failure here must not hide the load's own outcome: it is reported, with the schema's name.
    await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch((error: unknown) => {
      options.progress(`could not drop the staging schema ${schema} (drop it by hand): ${error instanceof Error ? error.message : String(error)}`);
    });
  }
}
