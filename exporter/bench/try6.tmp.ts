import { createPgDb } from '../src/db/index.ts';
import { CREATE_PLAN_TABLE, insertPlanRow, planRows } from '../src/seed/plan.ts';
import * as T from '../src/seed/sql/tasks.ts';
const db = createPgDb({ connectionString: 'postgres://postgres@127.0.0.1:5432/seedtry_m' });
await db.transaction(async (tx) => {
  await tx.query('SET LOCAL jit = off');
  await tx.query(CREATE_PLAN_TABLE);
  for (const p of planRows('large', 1, new Date('2026-11-25T10:00:00Z'))) { const i = insertPlanRow(p); await tx.query(i.sql, i.params); }
  await tx.query('CREATE TEMP TABLE tt (LIKE ecm.tasks)');
  const sql = T.INSERT_RESIDENTIAL_TASKS.replace('INSERT INTO ecm.tasks', 'INSERT INTO tt');
  let t = performance.now();
  const r1 = await tx.query('EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ' + sql, [1]);
  console.log('no analyze', Math.round(performance.now() - t)); if (process.argv[2]) console.log(r1.rows.map((r) => r['QUERY PLAN']).join('\n'));
  await tx.query('ANALYZE seed_plan');
  t = performance.now();
  const r2 = await tx.query('EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ' + sql, [1]);
  console.log('analyze', Math.round(performance.now() - t)); if (process.argv[2]) console.log(r2.rows.map((r) => r['QUERY PLAN']).join('\n'));
  throw new Error('rollback');
}).catch((e) => console.log(String(e)));
await db.close();
