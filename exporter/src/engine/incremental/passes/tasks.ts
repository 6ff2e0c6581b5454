/**
 * The tasks pass: one grouped read of ecm.tasks serves both task indicators
 * (task_completion and task_on_time judge the same tasks). Per bucket of due_at and
 * bucket of the deadline (due_at + tolerance; a task is mature once its deadline
 * has passed): tasks, with an outcome recorded, recorded by the deadline — and the
 * same three counted only when mature at $5, for the bucket that is maturing now
 * and for the partial buckets at the windows' edges.
 *
 * The judgement is the one of MATURE_TASKS_CTES (indicators/task-sql.ts): not
 * cancelled (a NULL status counts), the tolerance of the category or the default.
 * Reads tasks_location_due_cover_idx; change discovery reads tasks_location_completed_idx
 * (an outcome recorded for a task due long ago changes task_completion of its week).
 */
import type { IndicatorSettings } from '../../../indicators/settings.ts';
import { NO_DETAIL, ORIGIN, RANGES_CTE, type PassSpec } from '../pass-spec.ts';

export const TASKS_READ_SQL = `WITH ${RANGES_CTE},
-- The tolerances as intervals, each computed once (the reference multiplies per task: the same values);
-- MATERIALIZED, or the planner folds the product into the join and computes it per task.
tolerance AS MATERIALIZED (
  SELECT key AS category, value::float8 * interval '1 minute' AS tolerance FROM jsonb_each_text($6::jsonb -> 'taskToleranceMinutes')
),
fallback AS (SELECT ($6::jsonb ->> 'taskToleranceDefaultMinutes')::float8 * interval '1 minute' AS tolerance),
judged AS (
  SELECT ranges.idx, ranges.stride, t.due_at, t.completed_at, t.due_at + coalesce(tolerance.tolerance, fallback.tolerance) AS deadline
  FROM fallback, ranges
  CROSS JOIN LATERAL (
    SELECT t.category, t.due_at, t.completed_at FROM ecm.tasks t
    WHERE t.location_id = ranges.location_id AND t.due_at >= ranges.starts AND t.due_at < ranges.ends
      AND t.status IS DISTINCT FROM 'cancelled'
    OFFSET 0 -- a fence: one index range scan per range (see indicators/sql.ts)
  ) t
  LEFT JOIN tolerance ON tolerance.category = t.category
),
binned AS (
  SELECT idx, date_bin(stride, due_at, ${ORIGIN}) AS bucket, date_bin(stride, deadline, ${ORIGIN}) + stride AS matures,
    completed_at, deadline
  FROM judged
)
SELECT idx AS range, 'tasks' AS kind, extract(epoch FROM bucket)::bigint AS bucket, extract(epoch FROM matures)::bigint AS matures,
  count(*)::int AS n1,
  count(completed_at)::int AS n2,
  count(*) FILTER (WHERE completed_at <= deadline)::int AS n3,
  count(*) FILTER (WHERE deadline < $5)::int AS n4,
  count(completed_at) FILTER (WHERE deadline < $5)::int AS n5,
  count(*) FILTER (WHERE deadline < $5 AND completed_at <= deadline)::int AS n6,
  ${NO_DETAIL}
FROM binned
GROUP BY idx, bucket, matures`;

/** Buckets of due_at of tasks whose outcome was recorded (completed_at) after $3. Uses tasks_location_completed_idx. */
export const TASKS_CHANGES_SQL = `SELECT l.location_id, extract(epoch FROM date_bin(l.bucket_seconds * interval '1 second', t.due_at, ${ORIGIN}))::bigint AS bucket
FROM unnest($1::text[], $2::int[]) AS l(location_id, bucket_seconds)
CROSS JOIN LATERAL (
  SELECT t.due_at FROM ecm.tasks t WHERE t.location_id = l.location_id AND t.completed_at > $3::timestamptz
  OFFSET 0
) t
WHERE t.due_at IS NOT NULL
GROUP BY 1, 2`;

export const TASKS_NULLS_SQL = `SELECT 'tasks' AS "table", 'null_timestamp' AS reason, count(*)::int AS rows
FROM ecm.tasks WHERE location_id = ANY($1::text[]) AND due_at IS NULL`;

/** Record fields of the `tasks` store: due (judged), outcome recorded, recorded by the deadline. */
export const TASK_FIELDS = Object.freeze({ due: 0, completed: 1, onTime: 2 });

const maxToleranceMinutes = (settings: IndicatorSettings): number =>
  Math.max(settings.taskTolerance.defaultMinutes, ...Object.values(settings.taskTolerance.byCategory));

export const tasksPass: PassSpec = {
  name: 'tasks',
  stores: { tasks: { kind: 'counts', fields: 3, gated: [true, true, true] } },
  settingsKey: (settings) => JSON.stringify(settings.taskTolerance),
  maturityReachMs: (settings) => maxToleranceMinutes(settings) * 60_000,
  changesSql: TASKS_CHANGES_SQL,
  nullsSql: TASKS_NULLS_SQL,
  readSql: TASKS_READ_SQL,
  judgesWeeks: false,
};
