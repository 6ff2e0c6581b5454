/**
 * The history backfill reads each indicator's rows once per location, grouped into
 * hourly classes, instead of running the indicator SQL once per hour. Each query
 * applies the filters of the indicator's own SQL (exporter/src/indicators/*) and
 * returns, per class of rows:
 *
 *   key_hour   floor(window key / 1 h) in Unix hours: the time that puts a row in a
 *              window (due_at, raised_at, occurred_at, starts_at). A row is in the
 *              window [t - W, t) of a whole-hour instant t iff key_hour + 1 <= t <= key_hour + W.
 *   den_enter  the first whole hour t at which the row is judged as of t (mature, and
 *              recorded by t): strict `x < t` is floor(x) + 1, `x <= t` is ceil(x).
 *   num_enter  the first hour from which it also counts in the numerator; NULL: never.
 *   n          rows in the class.
 *
 * "As of t" means the database as it was at t: a completion, acknowledgement, note or
 * login stamped after t had not happened yet, so it does not count before then.
 *
 * Parameters: $1 location_id, $2 first key (inclusive), $3 last key (exclusive), $4 the
 * settings jsonb of the indicator SQL (indicatorSqlSettings).
 */
import { noteWords } from '../indicators/note-duplication.ts';
import { SHIFT_SLACK } from '../indicators/sql.ts';

const hourFloor = (sql: string): string => `floor(extract(epoch FROM ${sql}) / 3600)::int`;
/** First whole hour t with x < t. */
const after = (sql: string): string => `(floor(extract(epoch FROM ${sql}) / 3600) + 1)::int`;
/** First whole hour t with x <= t. */
const atOrAfter = (sql: string): string => `ceil(extract(epoch FROM ${sql}) / 3600)::int`;

/** Names every parameter once, so each query accepts the same four even when it uses fewer. */
const PARAMS = `params AS (SELECT $1::text AS location_id, $2::timestamptz AS first_key, $3::timestamptz AS last_key, $4::jsonb AS settings)`;

const TASKS = `WITH ${PARAMS},
tolerance AS (
  SELECT key AS category, value::float8 AS minutes FROM jsonb_each_text($4::jsonb -> 'taskToleranceMinutes')
),
tasks AS (
  SELECT t.due_at, t.completed_at,
    t.due_at + coalesce(tolerance.minutes, ($4::jsonb ->> 'taskToleranceDefaultMinutes')::float8) * interval '1 minute' AS deadline
  FROM ecm.tasks t
  LEFT JOIN tolerance ON tolerance.category = t.category
  WHERE t.location_id = $1 AND t.due_at >= $2 AND t.due_at < $3 AND t.status IS DISTINCT FROM 'cancelled'
)`;

/** task_completion: mature (deadline < t); numerator: completed, by t. */
export const TASK_COMPLETION_ITEMS_SQL = `${TASKS}
SELECT ${hourFloor('due_at')} AS key_hour, ${after('deadline')} AS den_enter,
  CASE WHEN completed_at IS NOT NULL THEN greatest(${after('deadline')}, ${atOrAfter('completed_at')}) END AS num_enter,
  count(*)::int AS n
FROM tasks GROUP BY 1, 2, 3`;

/** task_on_time: mature (deadline < t); numerator: completed no later than the deadline (so before t). */
export const TASK_ON_TIME_ITEMS_SQL = `${TASKS}
SELECT ${hourFloor('due_at')} AS key_hour, ${after('deadline')} AS den_enter,
  CASE WHEN completed_at <= deadline THEN ${after('deadline')} END AS num_enter,
  count(*)::int AS n
FROM tasks GROUP BY 1, 2, 3`;

/** alert_ack_on_time: mature (raised_at + target < t); numerator: acknowledged within the target. */
export const ALERT_ACK_ON_TIME_ITEMS_SQL = `WITH ${PARAMS},
ack_target AS (
  SELECT key AS severity, value::float8 * interval '1 second' AS target FROM jsonb_each_text($4::jsonb -> 'alertAckTargetSeconds')
),
alerts AS (
  SELECT a.raised_at, a.acknowledged_at, a.raised_at + ack_target.target AS due
  FROM ecm.alerts a JOIN ack_target ON ack_target.severity = a.severity
  WHERE a.location_id = $1 AND a.raised_at >= $2 AND a.raised_at < $3
    AND (a.acknowledged_at IS NULL OR a.acknowledged_at >= a.raised_at)
)
SELECT ${hourFloor('raised_at')} AS key_hour, ${after('due')} AS den_enter,
  CASE WHEN acknowledged_at <= due THEN ${after('due')} END AS num_enter,
  count(*)::int AS n
FROM alerts GROUP BY 1, 2, 3`;

/** note_timeliness: a note counts once recorded (recorded_at <= t); numerator: recorded within the late threshold. */
export const NOTE_TIMELINESS_ITEMS_SQL = `WITH ${PARAMS}
SELECT ${hourFloor('n.occurred_at')} AS key_hour, ${atOrAfter('n.recorded_at')} AS den_enter,
  CASE WHEN n.recorded_at - n.occurred_at <= ($4::jsonb ->> 'noteLateMinutes')::float8 * interval '1 minute'
    THEN ${atOrAfter('n.recorded_at')} END AS num_enter,
  count(*)::int AS n
FROM ecm.care_notes n
WHERE n.location_id = $1 AND n.occurred_at >= $2 AND n.occurred_at < $3 AND n.recorded_at IS NOT NULL
GROUP BY 1, 2, 3`;

/**
 * shift_activity_match: mature once ended + slack (<= t); numerator: a digital trace in the
 * slack-widened shift (all of it stamped before maturity, so already there at t).
 */
export const SHIFT_ACTIVITY_MATCH_ITEMS_SQL = `WITH ${PARAMS},
mature AS (
  SELECT s.staff_id, s.starts_at, s.starts_at - ${SHIFT_SLACK} AS from_at, s.ends_at + ${SHIFT_SLACK} AS to_at
  FROM ecm.shifts s
  WHERE s.location_id = $1 AND s.starts_at >= $2 AND s.starts_at < $3 AND s.ends_at >= s.starts_at AND s.staff_id IS NOT NULL
)
SELECT ${hourFloor('m.starts_at')} AS key_hour, ${atOrAfter('m.to_at')} AS den_enter,
  CASE WHEN EXISTS (SELECT 1 FROM ecm.sessions se WHERE se.staff_id = m.staff_id AND se.started_at >= m.from_at AND se.started_at <= m.to_at)
    OR EXISTS (SELECT 1 FROM ecm.tasks t WHERE t.completed_by = m.staff_id AND t.completed_at >= m.from_at AND t.completed_at <= m.to_at)
    OR EXISTS (SELECT 1 FROM ecm.care_notes n WHERE n.staff_id = m.staff_id AND n.recorded_at >= m.from_at AND n.recorded_at <= m.to_at)
  THEN ${atOrAfter('m.to_at')} END AS num_enter,
  count(*)::int AS n
FROM mature m GROUP BY 1, 2, 3`;

/**
 * login_coverage counts staff, not shifts: one class per staff member (an opaque number,
 * never output), judged once the shift ended (ends_at <= t); logged_in as in LOGIN_COVERAGE_SQL
 * (the login lies before the shift's end, so before t).
 */
export const LOGIN_COVERAGE_ITEMS_SQL = `WITH ${PARAMS},
ended AS (
  SELECT s.staff_id, s.starts_at, s.ends_at,
    EXISTS (SELECT 1 FROM ecm.sessions se WHERE se.staff_id = s.staff_id
      AND se.started_at >= s.starts_at - ${SHIFT_SLACK} AND se.started_at <= s.ends_at) AS logged_in
  FROM ecm.shifts s
  WHERE s.location_id = $1 AND s.starts_at >= $2 AND s.starts_at < $3 AND s.ends_at >= s.starts_at AND s.staff_id IS NOT NULL
)
SELECT dense_rank() OVER (ORDER BY staff_id)::int AS entity, NULL::int AS sub,
  ${hourFloor('starts_at')} AS key_hour, ${atOrAfter('ends_at')} AS den_enter,
  CASE WHEN logged_in THEN ${atOrAfter('ends_at')} END AS num_enter, count(*)::int AS n
FROM ended GROUP BY staff_id, 3, 4, 5`;

/**
 * note_duplication groups notes by normalised body (entity) and service user (sub) within a
 * window. A note counts once recorded (recorded_at <= t); one without recorded_at from its
 * occurrence on (the indicator SQL does not look at recorded_at).
 */
export const NOTE_DUPLICATION_ITEMS_SQL = `WITH ${PARAMS},
long_notes AS (
  SELECT occurred_at, recorded_at, service_user_id, md5(array_to_string(words, ' ')) AS body_hash
  FROM (
    SELECT n.occurred_at, n.recorded_at, n.service_user_id, ${noteWords('n.body')} AS words
    FROM ecm.care_notes n
    WHERE n.location_id = $1 AND n.occurred_at >= $2 AND n.occurred_at < $3 AND n.body IS NOT NULL
    OFFSET 0
  ) normalised
  WHERE cardinality(words) >= 8
)
SELECT dense_rank() OVER (ORDER BY body_hash)::int AS entity,
  (CASE WHEN service_user_id IS NULL THEN NULL ELSE dense_rank() OVER (ORDER BY service_user_id) END)::int AS sub,
  ${hourFloor('occurred_at')} AS key_hour, coalesce(${atOrAfter('recorded_at')}, ${after('occurred_at')}) AS den_enter,
  NULL::int AS num_enter, count(*)::int AS n
FROM long_notes GROUP BY body_hash, service_user_id, 3, 4`;
