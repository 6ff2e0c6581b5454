import type { Db, Queryable } from '../db/index.ts';
import { UserError } from '../errors.ts';
import { migrateReferenceSchema } from '../migrate.ts';
import { loadWithoutIndexes } from './indexes.ts';
import { CREATE_PLAN_TABLE, insertPlanRow, planRows } from './plan.ts';
import { INSERT_ALERTS } from './sql/alerts.ts';
import { INSERT_RESIDENT_NOTES, INSERT_VISIT_NOTES } from './sql/notes.ts';
import { INSERT_LOCATIONS, INSERT_STAFF } from './sql/people.ts';
import { INSERT_HOMECARE_VISITS, INSERT_MANAGER_SESSIONS, INSERT_RESIDENTIAL_SHIFTS, INSERT_SHIFT_SESSIONS } from './sql/rota.ts';
import { INSERT_HOMECARE_TASKS, INSERT_RESIDENTIAL_TASKS } from './sql/tasks.ts';
import { SEED_PROFILES, type SeedProfile } from './stories.ts';

export { SEED_PROFILES, type SeedProfile } from './stories.ts';

export interface SeedOptions {
  profile: SeedProfile;
  seed: number;
  /** The generator's "now": data ends here. Pass a fixed instant for reproducible data. */
  now: Date;
  /** Replace existing `ecm` data (inside the same transaction) instead of refusing. */
  replace?: boolean;
  onProgress?: (line: string) => void;
}

/** The `ecm` tables in load order (referenced before referencing). */
export const ECM_TABLES = ['locations', 'staff', 'shifts', 'sessions', 'tasks', 'care_notes', 'alerts'] as const;
export type EcmTable = (typeof ECM_TABLES)[number];

export interface SeedSummary {
  profile: SeedProfile;
  seed: number;
  now: string;
  rows: Record<EcmTable, number>;
  elapsedMs: number;
}

/** Statements per location, in order, and the table each fills. */
const STEPS: ReadonlyArray<{ table: EcmTable; sql: string }> = [
  { table: 'locations', sql: INSERT_LOCATIONS },
  { table: 'staff', sql: INSERT_STAFF },
  { table: 'shifts', sql: INSERT_RESIDENTIAL_SHIFTS },
  { table: 'shifts', sql: INSERT_HOMECARE_VISITS },
  { table: 'sessions', sql: INSERT_SHIFT_SESSIONS },
  { table: 'sessions', sql: INSERT_MANAGER_SESSIONS },
  { table: 'tasks', sql: INSERT_RESIDENTIAL_TASKS },
  { table: 'tasks', sql: INSERT_HOMECARE_TASKS },
  { table: 'care_notes', sql: INSERT_RESIDENT_NOTES },
  { table: 'care_notes', sql: INSERT_VISIT_NOTES },
  { table: 'alerts', sql: INSERT_ALERTS },
];

export function validateSeedOptions(options: SeedOptions): void {
  if (!SEED_PROFILES.includes(options.profile)) {
    throw new UserError(`unknown profile "${String(options.profile)}": use one of ${SEED_PROFILES.join(', ')}`);
  }
  if (!Number.isSafeInteger(options.seed) || options.seed < 0 || options.seed > 2 ** 40) {
    throw new UserError(`seed must be an integer from 0 to ${2 ** 40}, got ${String(options.seed)}`);
  }
  if (!(options.now instanceof Date) || Number.isNaN(options.now.getTime())) throw new UserError('now must be a valid date and time');
}

/** Refuses to seed over views (an adapter's `ecm`): seed writes only the reference tables. */
async function assertReferenceTables(db: Queryable): Promise<void> {
  const { rows: kinds } = await db.query<{ relname: string; relkind: string }>(
    `SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'ecm' AND c.relname = ANY($1::text[])`,
    [ECM_TABLES],
  );
  const notTables = kinds.filter((k) => k.relkind !== 'r').map((k) => `ecm.${k.relname}`);
  if (notTables.length > 0) {
    throw new UserError(
      `${notTables.join(', ')} ${notTables.length === 1 ? 'is not a table' : 'are not tables'} (an adapter's views?): seed writes only into the reference schema`,
    );
  }
}

/** Without replace, refuses to write over existing data; with it, empties the tables (same transaction). */
async function prepareTarget(tx: Queryable, replace: boolean): Promise<void> {
  const counts = await countRows(tx);
  const filled = ECM_TABLES.filter((t) => counts[t] > 0);
  if (filled.length === 0) return;
  if (!replace) {
    const detail = filled.map((t) => `${t}: ${counts[t]}`).join(', ');
    throw new UserError(`the ecm tables already hold data (${detail}); pass --replace to replace it`);
  }
  await tx.query(`TRUNCATE ${ECM_TABLES.map((t) => `ecm.${t}`).join(', ')}`);
}

export async function countRows(db: Queryable): Promise<Record<EcmTable, number>> {
  const { rows } = await db.query<Record<EcmTable, number>>(`SELECT ${ECM_TABLES.map((t) => `(SELECT count(*)::int FROM ecm.${t}) AS ${t}`).join(', ')}`);
  const row = rows[0];
  if (!row) throw new Error('row count query returned nothing');
  return row;
}

/**
 * Writes the profile's deterministic data set into the reference `ecm` tables:
 * the same profile, seed and now give the same rows on PGlite and PostgreSQL.
 * Migrates the reference schema when absent. All rows are written in one
 * transaction, so a failure (or a refusal) leaves the database as it was.
 */
export async function seedDatabase(db: Db, options: SeedOptions): Promise<SeedSummary> {
  validateSeedOptions(options);
  const progress = options.onProgress ?? (() => undefined);
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  await assertReferenceTables(db);
  await migrateReferenceSchema(db);
  const plans = planRows(options.profile, options.seed, options.now);

  const rows = await db.transaction(async (tx) => {
    await prepareTarget(tx, options.replace ?? false);
    if (db.kind === 'pg') {
      // One big transaction: a lost commit only loses this synthetic load, and
      // sorts and hashes over a location's rows fit in memory.
      await tx.query('SET LOCAL synchronous_commit = off');
      await tx.query(`SET LOCAL work_mem = '64MB'`);
      // Keys and indexes are built once after the load (indexes.ts): sort in memory.
      await tx.query(`SET LOCAL maintenance_work_mem = '1GB'`);
      // The statements are large expressions over a temporary table without
      // statistics; JIT would spend seconds compiling them for no gain.
      await tx.query('SET LOCAL jit = off');
    }
    await tx.query(CREATE_PLAN_TABLE);
    for (const plan of plans) {
      const insert = insertPlanRow(plan);
      await tx.query(insert.sql, insert.params);
    }
    await loadWithoutIndexes(
      tx,
      async () => {
        for (const plan of plans) {
          for (const step of STEPS) await tx.query(step.sql, [plan.idx]);
          progress(`seed ${options.profile}: ${plan.location_id} (${plan.idx}/${plans.length}) loaded, ${elapsed()}`);
        }
      },
      (line) => progress(`seed ${options.profile}: ${line}, ${elapsed()}`),
    );
    const counts = await countRows(tx);
    await tx.query('DROP TABLE seed_plan');
    return counts;
  });
  if (db.kind === 'pg') await db.exec('ANALYZE ecm.locations, ecm.staff, ecm.shifts, ecm.sessions, ecm.tasks, ecm.care_notes, ecm.alerts');
  return { profile: options.profile, seed: options.seed, now: options.now.toISOString(), rows, elapsedMs: Math.round(performance.now() - started) };
}
