import { readFileSync } from 'node:fs';
import { createPgDb } from '../src/db/index.ts';
import { CREATE_PLAN_TABLE, insertPlanRow, planRows } from '../src/seed/plan.ts';
import * as A from '../src/seed/sql/alerts.ts';
import * as N from '../src/seed/sql/notes.ts';
import * as P from '../src/seed/sql/people.ts';
import * as R from '../src/seed/sql/rota.ts';
import * as T from '../src/seed/sql/tasks.ts';
const db = createPgDb({ connectionString: 'postgres://postgres@127.0.0.1:5432/seedtry_m', max: 1 });
const cpu = (pid: number) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
await db.transaction(async (tx) => {
  const pid = (await tx.query<{ p: number }>('select pg_backend_pid() p')).rows[0]!.p;
  await tx.query('SET LOCAL jit = off');
  await tx.query('TRUNCATE ecm.locations, ecm.staff, ecm.shifts, ecm.sessions, ecm.tasks, ecm.care_notes, ecm.alerts');
  for (const t of ['alerts','care_notes','tasks','sessions','shifts','staff']) await tx.query(`ALTER TABLE ecm.${t} DROP CONSTRAINT ${t}_location_id_fkey`);
  for (const i of ['shifts_location_start_idx','shifts_staff_start_idx','sessions_staff_start_idx','sessions_location_start_idx','tasks_location_due_idx','tasks_completed_by_idx','notes_location_occurred_idx','notes_staff_recorded_idx','alerts_location_raised_idx','alerts_unacknowledged_idx','staff_location_idx']) await tx.query(`DROP INDEX ecm.${i}`);
  for (const t of ['alerts','care_notes','tasks','sessions','shifts']) await tx.query(`ALTER TABLE ecm.${t} DROP CONSTRAINT ${t}_pkey`);
  await tx.query(CREATE_PLAN_TABLE);
  for (const p of planRows('large', 1, new Date('2026-11-25T10:00:00Z'))) { const i = insertPlanRow(p); await tx.query(i.sql, i.params); }
  const steps = {L: P.INSERT_LOCATIONS, S: P.INSERT_STAFF, RS: R.INSERT_RESIDENTIAL_SHIFTS, HV: R.INSERT_HOMECARE_VISITS, SS: R.INSERT_SHIFT_SESSIONS, MS: R.INSERT_MANAGER_SESSIONS, RT: T.INSERT_RESIDENTIAL_TASKS, HT: T.INSERT_HOMECARE_TASKS, RN: N.INSERT_RESIDENT_NOTES, VN: N.INSERT_VISIT_NOTES, AL: A.INSERT_ALERTS};
  for (const idx of [1, 3, 4]) {
    const out: Record<string, number> = {};
    for (const [k, sql] of Object.entries(steps)) { const c = cpu(pid); await tx.query(sql, [idx]); out[k] = cpu(pid) - c; }
    console.log(idx, JSON.stringify(out));
  }
  const c = cpu(pid); await tx.query("SET LOCAL maintenance_work_mem='1GB'"); await tx.query('ALTER TABLE ecm.tasks ADD PRIMARY KEY (task_id)'); console.log('pk tasks', cpu(pid) - c);
  const c2 = cpu(pid); await tx.query('CREATE INDEX ON ecm.tasks (location_id, due_at)'); console.log('loc idx tasks', cpu(pid) - c2);
  const c3 = cpu(pid); await tx.query('CREATE INDEX ON ecm.tasks (completed_by, completed_at)'); console.log('by idx tasks', cpu(pid) - c3);
  console.log((await tx.query('select count(*)::int n from ecm.tasks')).rows);
  throw new Error('rollback');
}).catch((e) => console.log(String(e)));
await db.close();
