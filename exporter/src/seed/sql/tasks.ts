import { dayText, draw, homecareCarer, idNumber, isAgency, localTime, recorderSlot, residentialDutyStaff, slotsOf, staffId } from './fragments.ts';
import { CLIENTS_PER_RUN, clientHasBand, VISIT_BANDS_SQL, visitStartMinute } from './rota.ts';

/**
 * Care tasks: a daily care schedule per resident (residential-type homes) or per
 * homecare visit, each task due at a local clock time. Outcomes follow the
 * location's behaviour: recorded or not, on time or late (tolerance 60 min,
 * medication 30), a few cancelled, refused or not required. Each statement takes
 * $1 = the location's plan idx.
 */

/**
 * A resident's day: slot, minutes after local midnight (over 1440 = the small
 * hours of the next day, on the night shift), category, shift kind (0 early,
 * 1 late, 2 night), share of residents who need it and the key that decides who
 * (the same residents need every repositioning round).
 */
const RESIDENT_DAY_SQL = `(VALUES
  (0, 450, 'personal_care', 0, 1.0, 'all'), (1, 480, 'medication', 0, 1.0, 'all'), (2, 510, 'nutrition', 0, 1.0, 'all'),
  (3, 600, 'hydration', 0, 1.0, 'all'), (4, 660, 'observation', 0, 1.0, 'all'), (5, 720, 'medication', 0, 0.5, 'med-noon'),
  (6, 750, 'nutrition', 0, 1.0, 'all'), (7, 840, 'hydration', 0, 1.0, 'all'), (8, 840, 'repositioning', 0, 0.3, 'repos'),
  (9, 900, 'other', 1, 0.2, 'activity'), (10, 960, 'hydration', 1, 1.0, 'all'), (11, 1020, 'medication', 1, 1.0, 'all'),
  (12, 1050, 'nutrition', 1, 1.0, 'all'), (13, 1080, 'repositioning', 1, 0.3, 'repos'), (14, 1140, 'hydration', 1, 1.0, 'all'),
  (15, 1230, 'personal_care', 1, 1.0, 'all'), (16, 1260, 'medication', 1, 0.7, 'med-night'),
  (17, 1320, 'observation', 2, 1.0, 'all'), (18, 1320, 'repositioning', 2, 0.3, 'repos'), (19, 1560, 'observation', 2, 1.0, 'all'),
  (20, 1560, 'repositioning', 2, 0.3, 'repos'), (21, 1740, 'observation', 2, 1.0, 'all'), (22, 1800, 'repositioning', 2, 0.3, 'repos'),
  (23, 1830, 'hydration', 2, 1.0, 'all')
) AS t(slot, minute, category, kind, share, need_key)`;

/** Tasks of a homecare visit band: slot, band, minutes after the visit start, category, share of clients. */
const VISIT_TASKS_SQL = `(VALUES
  (0, 0, 2, 'visit', 1.0), (1, 0, 10, 'personal_care', 1.0), (2, 0, 15, 'medication', 0.7), (3, 0, 30, 'nutrition', 1.0),
  (4, 1, 2, 'visit', 1.0), (5, 1, 10, 'nutrition', 1.0), (6, 1, 15, 'medication', 0.3), (7, 1, 20, 'hydration', 1.0),
  (8, 2, 2, 'visit', 1.0), (9, 2, 10, 'nutrition', 1.0), (10, 2, 15, 'medication', 0.5), (11, 2, 20, 'hydration', 1.0),
  (12, 3, 2, 'visit', 1.0), (13, 3, 10, 'personal_care', 1.0), (14, 3, 15, 'medication', 0.7)
) AS t(slot, band, offset_min, category, share)`;

/**
 * Outcome of a task, computed in stages (each a subquery fenced with OFFSET 0 so
 * PostgreSQL evaluates every draw once per row instead of inlining the
 * expressions wherever they are used): draws, then the planned recording time,
 * then the columns. `items` must give task_id, service_user_id, category,
 * due_at, dn, kind and recorder (staff number, or NULL when nobody records).
 */
function insertTasks(items: string): string {
  const draws = `
    SELECT i.*, (CASE WHEN i.category = 'medication' THEN 30 ELSE 60 END) AS tol,
      ((h1 & 1048575)::float8 / 1048576.0) AS u_done, (((h1 >> 20) & 1048575)::float8 / 1048576.0) AS u_on_time,
      (((h1 >> 40) & 1048575)::float8 / 1048576.0) AS u_delay, ((h2 & 1048575)::float8 / 1048576.0) AS u_status
    FROM (SELECT i.*, hashtextextended(i.task_id, p.seed64 + 8) AS h1, hashtextextended(i.task_id, p.seed64 + 9) AS h2
          FROM seed_plan p, (${items}) i WHERE p.idx = $1 OFFSET 0) i
    OFFSET 0`;
  // On time: 10 min early up to 1 min inside tolerance; late: 1 to 180 min past it.
  const planned = `
    SELECT d.*, d.u_status < 0.01 AS cancelled, d.u_done < p.task_completion AND d.recorder IS NOT NULL AS done,
      d.due_at + (CASE WHEN d.u_on_time < p.task_on_time THEN -10 + d.u_delay * (d.tol + 9)
                       ELSE d.tol + 1 + d.u_delay * 180 END) * interval '1 minute' AS planned_at
    FROM seed_plan p, (${draws}) d WHERE p.idx = $1 OFFSET 0`;
  const decided = `SELECT q.*, (NOT q.cancelled AND q.done AND q.planned_at <= p.now_ts) AS recorded
    FROM seed_plan p, (${planned}) q WHERE p.idx = $1 OFFSET 0`;
  return `
INSERT INTO ecm.tasks (task_id, location_id, service_user_id, category, due_at, completed_at, completed_by, status)
SELECT r.task_id, p.location_id, r.service_user_id, r.category, r.due_at,
  CASE WHEN r.recorded THEN r.planned_at END,
  CASE WHEN r.recorded THEN ${staffId('r.recorder')} END,
  CASE
    WHEN r.cancelled THEN 'cancelled'
    WHEN r.recorded THEN CASE
      WHEN r.u_status < 0.03 AND r.category IN ('medication', 'nutrition', 'personal_care') THEN 'refused'
      WHEN r.u_status < 0.045 THEN 'not_required'
      ELSE 'completed' END
    WHEN NOT r.done AND r.due_at + r.tol * interval '1 minute' < p.now_ts THEN 'missed'
    ELSE 'pending'
  END
FROM seed_plan p, (${decided}) r
WHERE p.idx = $1`;
}

/** Residential: every resident's day; recorded by a colleague on that shift (never agency staff). */
export const INSERT_RESIDENTIAL_TASKS = insertTasks(`
  SELECT x.*, ${residentialDutyStaff('x.dn', 'x.kind', recorderSlot('x.u_rec', slotsOf('x.kind'), 'x.dn', 'x.kind'))} AS recorder
  FROM seed_plan p, (
    SELECT y.*, ${draw('y.task_id', 10)} AS u_rec
    FROM seed_plan p, (
      SELECT s.dn, s.kind, s.category, s.due_at, 'su-' || ${idNumber('c + 1')} AS service_user_id,
        'tsk-' || s.day_key || '-' || lpad(c::text, 4, '0') || '-' || lpad(s.slot::text, 2, '0') AS task_id
      FROM seed_plan p, (
        SELECT dn, t.slot, t.category, t.kind, t.share, t.need_key,
          ${localTime('dn', 't.minute')} AS due_at, p.nn || '-' || ${dayText('dn')} AS day_key
        FROM seed_plan p, generate_series(p.start_dnum, p.end_dnum) AS dn, ${RESIDENT_DAY_SQL}
        WHERE p.idx = $1 AND NOT p.homecare OFFSET 0
      ) s, generate_series(0, p.residents - 1) AS c
      WHERE p.idx = $1 AND (s.share >= 1 OR (hashtextextended(p.nn || '-' || c || '-' || s.need_key, p.seed64 + 7) & 1023) < s.share * 1024)
      OFFSET 0
    ) y WHERE p.idx = $1 OFFSET 0
  ) x WHERE p.idx = $1`);

/** Homecare: tasks at each visit, recorded by the visit's carer (agency carers record nothing). */
export const INSERT_HOMECARE_TASKS = insertTasks(`
  SELECT x.*, CASE WHEN ${isAgency('x.carer')} THEN NULL ELSE x.carer END AS recorder
  FROM seed_plan p, (
    SELECT dn, 0 AS kind, t.category, 'su-' || ${idNumber('c + 1')} AS service_user_id,
      ${localTime('dn', `${visitStartMinute('c')} + t.offset_min`)} AS due_at,
      'tsk-' || p.nn || '-' || ${dayText('dn')} || '-' || lpad(c::text, 4, '0') || '-' || lpad(t.slot::text, 2, '0') AS task_id,
      ${homecareCarer('dn', 'b.band', `c / ${CLIENTS_PER_RUN}`)} AS carer
    FROM seed_plan p, generate_series(p.start_dnum, p.end_dnum) AS dn, ${VISIT_BANDS_SQL}, generate_series(0, p.residents - 1) AS c,
      ${VISIT_TASKS_SQL}
    WHERE p.idx = $1 AND p.homecare AND t.band = b.band AND ${clientHasBand('c', 'b.band')}
      AND (t.share >= 1 OR (hashtextextended(p.nn || '-' || c || '-' || t.slot, p.seed64 + 7) & 1023) < t.share * 1024)
    OFFSET 0
  ) x WHERE p.idx = $1`);
