import { createPgliteDb, createPgDb } from '../src/db/index.ts';
import { migrateReferenceSchema } from '../src/migrate.ts';
import { CREATE_PLAN_TABLE, insertPlanRow, planRows } from '../src/seed/plan.ts';
import * as A from '../src/seed/sql/alerts.ts';
import * as N from '../src/seed/sql/notes.ts';
import * as P from '../src/seed/sql/people.ts';
import * as R from '../src/seed/sql/rota.ts';
import * as T from '../src/seed/sql/tasks.ts';
const db = process.argv[2] ? createPgDb({connectionString: process.argv[2]}) : await createPgliteDb();
await migrateReferenceSchema(db);
const profile = (process.argv[3] ?? 'small') as 'small';
await db.transaction(async (tx) => {
  if (process.argv[2]) await tx.query('SET LOCAL jit = off');
  await tx.query(CREATE_PLAN_TABLE);
  const plans = planRows(profile, 1, new Date('2026-11-25T10:00:00Z'));
  for (const p of plans) { const i = insertPlanRow(p); await tx.query(i.sql, i.params); }
  const steps = {L: P.INSERT_LOCATIONS, S: P.INSERT_STAFF, RS: R.INSERT_RESIDENTIAL_SHIFTS, HV: R.INSERT_HOMECARE_VISITS, SS: R.INSERT_SHIFT_SESSIONS, MS: R.INSERT_MANAGER_SESSIONS, RT: T.INSERT_RESIDENTIAL_TASKS, HT: T.INSERT_HOMECARE_TASKS, RN: N.INSERT_RESIDENT_NOTES, VN: N.INSERT_VISIT_NOTES, AL: A.INSERT_ALERTS};
  const tot: Record<string, number> = {};
  for (const p of plans) for (const [k, sql] of Object.entries(steps)) { const t = performance.now(); await tx.query(sql, [p.idx]); tot[k] = (tot[k] ?? 0) + performance.now() - t; }
  console.log(Object.fromEntries(Object.entries(tot).map(([k, v]) => [k, Math.round(v)])));
  const { rows } = await tx.query(`SELECT (SELECT count(*)::int FROM ecm.tasks) t, (SELECT count(*)::int FROM ecm.care_notes) n, (SELECT count(*)::int FROM ecm.alerts) a, (SELECT count(*)::int FROM ecm.shifts) s`);
  console.log(rows);
  throw new Error('rollback');
}).catch((e) => console.log(String(e)));
await db.close();
