import { dayText, homecareCarer, idNumber, isAgency, localTime, recorderSlot, residentialDutyStaff, slotsOf, staffId } from './fragments.ts';
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
 * expressions wherever they are used): draws, then who records and when, then
 * the columns. `items` gives task_id, service_user_id, category, due_at, dn,
 * kind and carer; `recorder` is the staff number who records (NULL: nobody),
 * from those and d.u_recorder.
 */
function insertTasks(items: string, recorder: string): string {
  const draws = `
    SELECT i.*, (CASE WHEN i.category = 'medication' THEN 30 ELSE 60 END) AS tol,
      ((h1 & 1048575)::float8 / 1048576.0) AS u_done, (((h1 >> 20) & 1048575)::float8 / 1048576.0) AS u_on_time,
      (((h1 >> 40) & 1048575)::float8 / 1048576.0) AS u_delay, ((h2 & 1048575)::float8 / 1048576.0) AS u_status,
      (((h2 >> 20) & 1048575)::float8 / 1048576.0) AS u_recorder
    FROM (SELECT i.*, hashtextextended(i.task_id, p.seed64 + 8) AS h1, hashtextextended(i.task_id, p.seed64 + 9) AS h2
          FROM seed_plan p, (${items}) i WHERE p.idx = $1 OFFSET 0) i
    OFFSET 0`;
  // On time: 10 min early up to 1 min inside tolerance; late: 1 to 180 min past it.
  const planned = `
    SELECT d.*, ${recorder} AS recorder,
      d.due_at + (CASE WHEN d.u_on_time < p.task_on_time THEN -10 + d.u_delay * (d.tol + 9)
                       ELSE d.tol + 1 + d.u_delay * 180 END) * interval '1 minute' AS planned_at
    FROM seed_plan p, (${draws}) d WHERE p.idx = $1 OFFSET 0`;
  const decided = `SELECT q.*, q.u_status < 0.01 AS cancelled, q.u_done < p.task_completion AND q.recorder IS NOT NULL AS done,
      (q.u_status >= 0.01 AND q.u_done < p.task_completion AND q.recorder IS NOT NULL AND q.planned_at <= p.now_ts) AS recorded
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

/**
 * Residential: every resident's day; recorded by a colleague on that shift
 * (never agency staff). Who needs which round is fixed per resident (`needs`,
 * residents x slots, computed once), due times per day and slot (`days.due`).
 * Rows come out in task_id order (day, resident, slot): the primary key is
 * then built from presorted rows, several times faster (see indexes.ts).
 */
export const INSERT_RESIDENTIAL_TASKS = insertTasks(
  `
  WITH needs AS MATERIALIZED (
    SELECT t.slot, t.category, t.kind, 'su-' || ${idNumber('c + 1')} AS service_user_id,
      lpad(c::text, 4, '0') || '-' || lpad(t.slot::text, 2, '0') AS suffix
    FROM seed_plan p, generate_series(0, p.residents - 1) AS c, ${RESIDENT_DAY_SQL}
    WHERE p.idx = $1 AND NOT p.homecare
      AND (t.share >= 1 OR (hashtextextended(p.nn || '-' || c || '-' || t.need_key, p.seed64 + 7) & 1023) < t.share * 1024)
    ORDER BY c, t.slot
  ), days AS MATERIALIZED (
    SELECT dn, 'tsk-' || p.nn || '-' || ${dayText('dn')} || '-' AS prefix,
      ARRAY(SELECT ${localTime('dn', 't.minute')} FROM ${RESIDENT_DAY_SQL} ORDER BY t.slot) AS due
    FROM seed_plan p, generate_series(p.start_dnum, p.end_dnum) AS dn
    WHERE p.idx = $1 AND NOT p.homecare
    ORDER BY dn
  )
  SELECT s.prefix || x.suffix AS task_id, x.service_user_id, x.category, x.due_at, s.dn, x.kind, NULL::int AS carer
  FROM days s CROSS JOIN LATERAL (SELECT n.*, s.due[n.slot + 1] AS due_at FROM needs n) x`,
  residentialDutyStaff('d.dn', 'd.kind', recorderSlot('d.u_recorder', slotsOf('d.kind'), 'd.dn', 'd.kind')),
);

/**
 * Homecare: tasks at each visit, recorded by the visit's carer (agency carers
 * record nothing). Which visits and tasks a client has is fixed (`needs`,
 * computed once); due times per day and clock minute (`days.due`, indexed by
 * the minute's rank). Rows come out in task_id order, as above.
 */
export const INSERT_HOMECARE_TASKS = insertTasks(
  `
  WITH needs AS MATERIALIZED (
    SELECT q.*, dense_rank() OVER (ORDER BY q.minute)::int AS minute_rank FROM (
      SELECT c, b.band, ${visitStartMinute('c')} + t.offset_min AS minute, t.category, 'su-' || ${idNumber('c + 1')} AS service_user_id,
        lpad(c::text, 4, '0') || '-' || lpad(t.slot::text, 2, '0') AS suffix
      FROM seed_plan p, ${VISIT_BANDS_SQL}, generate_series(0, p.residents - 1) AS c, ${VISIT_TASKS_SQL}
      WHERE p.idx = $1 AND p.homecare AND t.band = b.band AND ${clientHasBand('c', 'b.band')}
        AND (t.share >= 1 OR (hashtextextended(p.nn || '-' || c || '-' || t.slot, p.seed64 + 7) & 1023) < t.share * 1024)
    ) q
    ORDER BY q.suffix
  ), days AS MATERIALIZED (
    SELECT dn, 'tsk-' || p.nn || '-' || ${dayText('dn')} || '-' AS prefix,
      ARRAY(SELECT ${localTime('dn', 'm.minute')} FROM (SELECT DISTINCT minute FROM needs) m ORDER BY m.minute) AS due
    FROM seed_plan p, generate_series(p.start_dnum, p.end_dnum) AS dn
    WHERE p.idx = $1 AND p.homecare
    ORDER BY dn
  )
  SELECT s.prefix || x.suffix AS task_id, x.service_user_id, x.category, x.due_at, s.dn, 0 AS kind,
    ${homecareCarer('s.dn', 'x.band', `x.c / ${CLIENTS_PER_RUN}`)} AS carer
  FROM seed_plan p, days s CROSS JOIN LATERAL (SELECT n.*, s.due[n.minute_rank] AS due_at FROM needs n) x
  WHERE p.idx = $1`,
  `CASE WHEN ${isAgency('d.carer')} THEN NULL ELSE d.carer END`,
);
