/**
 * What both ways of loading the seed share (index.ts, parallel.ts): the tables, the
 * statements per location, the plan table, the session settings and the target checks.
 */
import type { Queryable } from '../db/index.ts';
import { UserError } from '../errors.ts';
import { CREATE_PLAN_TABLE, insertPlanRow, type PlanRow } from './plan.ts';
import { INSERT_ALERTS } from './sql/alerts.ts';
import { INSERT_RESIDENT_NOTES, INSERT_VISIT_NOTES } from './sql/notes.ts';
import { INSERT_LOCATIONS, INSERT_STAFF } from './sql/people.ts';
import { INSERT_HOMECARE_VISITS, INSERT_MANAGER_SESSIONS, INSERT_RESIDENTIAL_SHIFTS, INSERT_SHIFT_SESSIONS } from './sql/rota.ts';
import { INSERT_HOMECARE_TASKS, INSERT_RESIDENTIAL_TASKS } from './sql/tasks.ts';

/** The `ecm` tables in load order (referenced before referencing). */
export const ECM_TABLES = ['locations', 'staff', 'shifts', 'sessions', 'tasks', 'care_notes', 'alerts'] as const;
export type EcmTable = (typeof ECM_TABLES)[number];

/** Statements per location, in order, and the table each fills. Each takes $1 = the location's plan idx. */
export const SEED_STEPS: ReadonlyArray<{ table: EcmTable; sql: string }> = [
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

/**
 * Session settings of a seeding transaction on PostgreSQL. A lost commit only loses this
 * synthetic load; sorts and hashes over a location's rows fit in memory; keys and indexes
 * are built once after the load (indexes.ts), so sort in memory; the statements are large
 * expressions over a temporary table without statistics, where JIT would spend seconds
 * compiling for no gain.
 */
export const PG_SEED_SETTINGS: readonly string[] = [
  'SET LOCAL synchronous_commit = off',
  `SET LOCAL work_mem = '64MB'`,
  `SET LOCAL maintenance_work_mem = '1GB'`,
  'SET LOCAL jit = off',
];

/** Creates and fills the temporary `seed_plan` table (dropped at commit) that every statement reads. */
export async function createPlanTable(tx: Queryable, plans: readonly PlanRow[]): Promise<void> {
  await tx.query(CREATE_PLAN_TABLE);
  for (const plan of plans) {
    const insert = insertPlanRow(plan);
    await tx.query(insert.sql, insert.params);
  }
}

export async function countRows(db: Queryable): Promise<Record<EcmTable, number>> {
  const { rows } = await db.query<Record<EcmTable, number>>(`SELECT ${ECM_TABLES.map((t) => `(SELECT count(*)::int FROM ecm.${t}) AS ${t}`).join(', ')}`);
  const row = rows[0];
  if (!row) throw new Error('row count query returned nothing');
  return row;
}

/** The ecm tables that hold rows (one probe each: counting millions of rows only to delete them costs seconds). */
async function filledTables(db: Queryable): Promise<EcmTable[]> {
  const { rows } = await db.query<Record<EcmTable, boolean>>(`SELECT ${ECM_TABLES.map((t) => `EXISTS (SELECT 1 FROM ecm.${t}) AS ${t}`).join(', ')}`);
  const row = rows[0];
  return ECM_TABLES.filter((t) => row?.[t] === true);
}

/** Without replace, refuses to write over existing data (counted for the message); with replace there is nothing to check. */
export async function refuseFilledTarget(db: Queryable, replace: boolean): Promise<void> {
  if (replace) return;
  const filled = await filledTables(db);
  if (filled.length === 0) return;
  const counts = await countRows(db);
  const detail = filled.map((t) => `${t}: ${counts[t]}`).join(', ');
  throw new UserError(`the ecm tables already hold data (${detail}); pass --replace to replace it`);
}

/** Refuses (refuseFilledTarget) or, with replace, empties the tables, in the caller's transaction. */
export async function prepareTarget(tx: Queryable, replace: boolean): Promise<void> {
  await refuseFilledTarget(tx, replace);
  if (replace) await tx.query(`TRUNCATE ${ECM_TABLES.map((t) => `ecm.${t}`).join(', ')}`);
}
