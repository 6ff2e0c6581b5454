import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../src/db/index.ts';
import { seedDatabase, type SeedOptions } from '../../src/seed/index.ts';

/**
 * Builds a database in the CareVendor layout (sql/adapters/carevendor.vendor-schema.sql)
 * from seeded reference data, then replaces the reference `ecm` tables by the
 * adapter's views (sql/adapters/carevendor.sql). The exporter's reads through
 * the adapter can then be compared with a reference database seeded alike.
 *
 * Local clock times cannot tell apart the two passes through the repeated hour
 * of the autumn clock change, so compare against a reference database passed
 * through normaliseToLocalClock(): it rounds every timestamp through local time
 * exactly as the vendor's storage does (it changes only that hour).
 */

const ADAPTERS = new URL('../../sql/adapters/', import.meta.url);
export const VENDOR_SCHEMA_FILE = fileURLToPath(new URL('carevendor.vendor-schema.sql', ADAPTERS));
export const ADAPTER_FILE = fileURLToPath(new URL('carevendor.sql', ADAPTERS));

/** Timestamp columns of each ecm table. */
export const ECM_TIMESTAMPS: Readonly<Record<string, readonly string[]>> = {
  shifts: ['starts_at', 'ends_at'],
  sessions: ['started_at', 'ended_at'],
  tasks: ['due_at', 'completed_at'],
  care_notes: ['occurred_at', 'recorded_at'],
  alerts: ['raised_at', 'acknowledged_at', 'resolved_at'],
};

/** Reference rows -> vendor rows: ids to integer keys, words to codes, instants to local clock times. */
const REFERENCE_TO_VENDOR = [
  `INSERT INTO carevendor.care_home (home_no, home_code, home_name, care_model, went_live, tz_name)
   SELECT row_number() OVER (ORDER BY location_id), location_id, name,
          CASE service_type WHEN 'residential' THEN 'R' WHEN 'nursing' THEN 'N' WHEN 'homecare' THEN 'H' ELSE 'S' END, go_live_date, timezone
   FROM ecm.locations`,
  `INSERT INTO carevendor.employee (emp_no, emp_ref, home_no, job_title, team_name)
   SELECT row_number() OVER (ORDER BY s.staff_id), s.staff_id, h.home_no,
          CASE s.role WHEN 'care_worker' THEN 'Carer' WHEN 'senior_carer' THEN 'Senior Carer' WHEN 'nurse' THEN 'Nurse'
            WHEN 'team_leader' THEN 'Team Leader' WHEN 'manager' THEN 'Registered Manager' ELSE 'Other' END, s.team
   FROM ecm.staff s JOIN carevendor.care_home h ON h.home_code = s.location_id`,
  `INSERT INTO carevendor.service_user (su_no, su_ref, home_no)
   SELECT row_number() OVER (ORDER BY x.su), x.su, h.home_no
   FROM (SELECT DISTINCT location_id, service_user_id AS su FROM (
           SELECT location_id, service_user_id FROM ecm.tasks UNION SELECT location_id, service_user_id FROM ecm.care_notes
           UNION SELECT location_id, service_user_id FROM ecm.alerts UNION SELECT location_id, service_user_id FROM ecm.shifts) u
         WHERE service_user_id IS NOT NULL) x
   JOIN carevendor.care_home h ON h.home_code = x.location_id`,
  `INSERT INTO carevendor.rota_entry (rota_ref, home_no, emp_no, entry_type, su_no, start_local, end_local)
   SELECT s.shift_id, h.home_no, e.emp_no, CASE s.kind WHEN 'visit' THEN 'V' ELSE 'S' END, su.su_no,
          s.starts_at AT TIME ZONE h.tz_name, s.ends_at AT TIME ZONE h.tz_name
   FROM ecm.shifts s JOIN carevendor.care_home h ON h.home_code = s.location_id JOIN carevendor.employee e ON e.emp_ref = s.staff_id
   LEFT JOIN carevendor.service_user su ON su.su_ref = s.service_user_id`,
  `INSERT INTO carevendor.login_audit (audit_ref, home_no, emp_no, login_local, logout_local)
   SELECT l.session_id, h.home_no, e.emp_no, l.started_at AT TIME ZONE h.tz_name, l.ended_at AT TIME ZONE h.tz_name
   FROM ecm.sessions l JOIN carevendor.care_home h ON h.home_code = l.location_id JOIN carevendor.employee e ON e.emp_ref = l.staff_id`,
  `INSERT INTO carevendor.scheduled_intervention (intervention_ref, su_no, intervention_type, scheduled_local, done_local, done_by_emp, status_code)
   SELECT t.task_id, su.su_no,
          CASE t.category WHEN 'personal_care' THEN 'PC' WHEN 'medication' THEN 'MED' WHEN 'nutrition' THEN 'NUT' WHEN 'hydration' THEN 'HYD'
            WHEN 'repositioning' THEN 'REPOS' WHEN 'observation' THEN 'OBS' WHEN 'visit' THEN 'VISIT' ELSE 'OTH' END,
          t.due_at AT TIME ZONE h.tz_name, t.completed_at AT TIME ZONE h.tz_name, e.emp_no,
          CASE t.status WHEN 'completed' THEN 1 WHEN 'refused' THEN 2 WHEN 'not_required' THEN 3 WHEN 'missed' THEN 4 WHEN 'cancelled' THEN 9 ELSE 0 END
   FROM ecm.tasks t JOIN carevendor.care_home h ON h.home_code = t.location_id JOIN carevendor.service_user su ON su.su_ref = t.service_user_id
   LEFT JOIN carevendor.employee e ON e.emp_ref = t.completed_by`,
  `INSERT INTO carevendor.resident_note (note_ref, su_no, author_emp, note_type, event_local, entered_local, note_text)
   SELECT n.note_id, su.su_no, e.emp_no,
          CASE n.section WHEN 'daily' THEN 'Daily' WHEN 'care_plan' THEN 'Care plan' WHEN 'incident' THEN 'Incident'
            WHEN 'risk_assessment' THEN 'Risk' WHEN 'review' THEN 'Review' WHEN 'handover' THEN 'Handover' ELSE 'Other' END,
          n.occurred_at AT TIME ZONE h.tz_name, n.recorded_at AT TIME ZONE h.tz_name, n.body
   FROM ecm.care_notes n JOIN carevendor.care_home h ON h.home_code = n.location_id
   JOIN carevendor.service_user su ON su.su_ref = n.service_user_id JOIN carevendor.employee e ON e.emp_ref = n.staff_id`,
  `INSERT INTO carevendor.alarm_event (alarm_ref, home_no, su_no, device, priority, raised_local, accepted_local, accepted_by_emp, cleared_local)
   SELECT a.alert_id, h.home_no, su.su_no,
          CASE a.source WHEN 'call_bell' THEN 'CALL' WHEN 'falls_sensor' THEN 'FALL' WHEN 'bed_sensor' THEN 'BED' WHEN 'door_sensor' THEN 'DOOR'
            WHEN 'acoustic' THEN 'ACOUSTIC' WHEN 'medication' THEN 'MEDS' WHEN 'clinical' THEN 'CLIN' ELSE 'SYS' END,
          CASE a.severity WHEN 'critical' THEN 1 WHEN 'high' THEN 2 WHEN 'medium' THEN 3 ELSE 4 END,
          a.raised_at AT TIME ZONE h.tz_name, a.acknowledged_at AT TIME ZONE h.tz_name, e.emp_no, a.resolved_at AT TIME ZONE h.tz_name
   FROM ecm.alerts a JOIN carevendor.care_home h ON h.home_code = a.location_id
   LEFT JOIN carevendor.service_user su ON su.su_ref = a.service_user_id LEFT JOIN carevendor.employee e ON e.emp_ref = a.acknowledged_by`,
];

/**
 * In a database whose reference `ecm` tables hold data: creates and fills the
 * vendor schema from them, drops the reference tables and applies the adapter,
 * so `ecm` becomes views over `carevendor`.
 */
export async function convertReferenceToVendor(db: Db): Promise<void> {
  const [vendorSchema, adapter] = await Promise.all([readFile(VENDOR_SCHEMA_FILE, 'utf8'), readFile(ADAPTER_FILE, 'utf8')]);
  await db.exec(vendorSchema);
  await db.transaction(async (tx) => {
    for (const statement of REFERENCE_TO_VENDOR) await tx.query(statement);
  });
  await db.exec(`DROP SCHEMA ecm CASCADE`);
  await db.exec(adapter);
}

/** Seeds reference data into an empty database, then turns it into the vendor layout read through the adapter. */
export async function seedVendorDatabase(db: Db, options: SeedOptions): Promise<void> {
  await seedDatabase(db, options);
  await convertReferenceToVendor(db);
}

/**
 * Rounds every reference timestamp through its location's local clock, as a
 * vendor storing local time does; returns how many rows changed (only those
 * with a time in the repeated hour of an autumn clock change).
 */
export async function normaliseToLocalClock(db: Db): Promise<number> {
  let changed = 0;
  for (const [table, columns] of Object.entries(ECM_TIMESTAMPS)) {
    const round = (c: string) => `(${c} AT TIME ZONE l.timezone) AT TIME ZONE l.timezone`;
    const { rows } = await db.query<{ n: number }>(
      `WITH u AS (UPDATE ecm.${table} t SET ${columns.map((c) => `${c} = ${round(`t.${c}`)}`).join(', ')}
         FROM ecm.locations l WHERE l.location_id = t.location_id
           AND (${columns.map((c) => `t.${c} IS DISTINCT FROM ${round(`t.${c}`)}`).join(' OR ')}) RETURNING 1)
       SELECT count(*)::int AS n FROM u`,
    );
    changed += rows[0]?.n ?? 0;
  }
  return changed;
}
