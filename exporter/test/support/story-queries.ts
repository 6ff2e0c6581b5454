import type { Queryable } from '../../src/db/index.ts';

/**
 * Plain SQL versions of the indicator definitions of the engine issue, written
 * independently of the engine so the generator's stories are checked against
 * the definitions themselves. Each returns numerator and denominator for one
 * location and a half-open window [from, to) of reference times; `now` decides
 * maturity. Parameters: $1 location, $2 from, $3 to, $4 now.
 */
export type Ratio = { numerator: number; denominator: number };

export const CORE_RATIOS: Readonly<Record<string, string>> = {
  // Staff with an ended shift starting in the window; those with a session in [start - 30 min, end] of one of them.
  login_coverage: `
    SELECT count(DISTINCT s.staff_id) FILTER (WHERE EXISTS (
             SELECT 1 FROM ecm.sessions x WHERE x.staff_id = s.staff_id
               AND x.started_at BETWEEN s.starts_at - interval '30 minutes' AND s.ends_at))::int AS numerator,
           count(DISTINCT s.staff_id)::int AS denominator
    FROM ecm.shifts s
    WHERE s.location_id = $1 AND s.starts_at >= $2 AND s.starts_at < $3 AND s.ends_at <= $4`,
  task_completion: `
    SELECT count(*) FILTER (WHERE completed_at IS NOT NULL)::int AS numerator, count(*)::int AS denominator
    FROM ecm.tasks WHERE location_id = $1 AND due_at >= $2 AND due_at < $3 AND status <> 'cancelled'
      AND due_at + CASE WHEN category = 'medication' THEN interval '30 minutes' ELSE interval '60 minutes' END < $4`,
  task_on_time: `
    SELECT count(*) FILTER (WHERE completed_at <= due_at + CASE WHEN category = 'medication' THEN interval '30 minutes' ELSE interval '60 minutes' END)::int AS numerator,
           count(*)::int AS denominator
    FROM ecm.tasks WHERE location_id = $1 AND due_at >= $2 AND due_at < $3 AND status <> 'cancelled'
      AND due_at + CASE WHEN category = 'medication' THEN interval '30 minutes' ELSE interval '60 minutes' END < $4`,
  note_timeliness: `
    SELECT count(*) FILTER (WHERE recorded_at - occurred_at <= interval '2 hours')::int AS numerator, count(*)::int AS denominator
    FROM ecm.care_notes WHERE location_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND $4::timestamptz IS NOT NULL`,
  alert_ack_on_time: `
    SELECT count(*) FILTER (WHERE acknowledged_at <= raised_at + target)::int AS numerator, count(*)::int AS denominator
    FROM (SELECT a.*, CASE severity WHEN 'critical' THEN interval '3 minutes' WHEN 'high' THEN interval '5 minutes'
                 WHEN 'medium' THEN interval '15 minutes' ELSE interval '60 minutes' END AS target
          FROM ecm.alerts a WHERE location_id = $1 AND raised_at >= $2 AND raised_at < $3) a
    WHERE raised_at + target < $4`,
  shift_activity_match: `
    SELECT count(*) FILTER (WHERE EXISTS (SELECT 1 FROM ecm.sessions x WHERE x.staff_id = s.staff_id
               AND x.started_at BETWEEN s.starts_at - interval '30 minutes' AND s.ends_at + interval '30 minutes')
             OR EXISTS (SELECT 1 FROM ecm.tasks t WHERE t.completed_by = s.staff_id
               AND t.completed_at BETWEEN s.starts_at - interval '30 minutes' AND s.ends_at + interval '30 minutes')
             OR EXISTS (SELECT 1 FROM ecm.care_notes n WHERE n.staff_id = s.staff_id
               AND n.recorded_at BETWEEN s.starts_at - interval '30 minutes' AND s.ends_at + interval '30 minutes'))::int AS numerator,
           count(*)::int AS denominator
    FROM ecm.shifts s WHERE s.location_id = $1 AND s.starts_at >= $2 AND s.starts_at < $3 AND s.ends_at <= $4`,
};

/** Notes of >= 8 words whose normalised body occurs about >= 2 different residents in the location and window. */
export const NOTE_DUPLICATION = `
  WITH n AS (
    SELECT service_user_id, trim(regexp_replace(regexp_replace(lower(body), '[[:punct:]]', '', 'g'), '\\s+', ' ', 'g')) AS norm
    FROM ecm.care_notes WHERE location_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND $4::timestamptz IS NOT NULL
  ), w AS (SELECT * FROM n WHERE array_length(string_to_array(norm, ' '), 1) >= 8),
  shared AS (SELECT norm FROM w GROUP BY norm HAVING count(DISTINCT service_user_id) >= 2)
  SELECT count(*) FILTER (WHERE norm IN (SELECT norm FROM shared))::int AS numerator, count(*)::int AS denominator FROM w`;

export async function ratio(db: Queryable, sql: string, location: string, from: Date, to: Date, now: Date): Promise<Ratio & { value: number }> {
  const { rows } = await db.query<Ratio>(sql, [location, from, to, now]);
  const row = rows[0] ?? { numerator: 0, denominator: 0 };
  return { ...row, value: row.denominator === 0 ? Number.NaN : row.numerator / row.denominator };
}

/** Default weekly-phase targets of the engine issue (brief to the generator). */
export const WEEKLY_TARGETS: Readonly<Record<string, number>> = {
  login_coverage: 0.9,
  task_completion: 0.95,
  task_on_time: 0.85,
  note_timeliness: 0.85,
  alert_ack_on_time: 0.9,
  shift_activity_match: 0.9,
};
