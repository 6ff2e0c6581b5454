import { WINDOWS_CTE } from './sql.ts';

/**
 * The tasks both task indicators judge: due in the window, not cancelled, and mature
 * (due_at + tolerance < now, so the outcome can no longer turn from on time to late).
 * The tolerance comes from $6.taskToleranceMinutes[category], else
 * $6.taskToleranceDefaultMinutes. A NULL due_at never matches the window.
 * Uses tasks_location_due_cover_idx.
 */
export const MATURE_TASKS_CTES = `WITH ${WINDOWS_CTE},
tolerance AS (
  SELECT key AS category, value::float8 AS minutes FROM jsonb_each_text($6::jsonb -> 'taskToleranceMinutes')
),
mature_tasks AS (
  SELECT windows.location_id, windows.label, t.completed_at,
    t.due_at + coalesce(tolerance.minutes, ($6::jsonb ->> 'taskToleranceDefaultMinutes')::float8) * interval '1 minute' AS deadline
  FROM windows
  CROSS JOIN LATERAL (
    SELECT t.category, t.due_at, t.completed_at FROM ecm.tasks t
    WHERE t.location_id = windows.location_id AND t.due_at >= windows.starts AND t.due_at < windows.ends
      AND t.status IS DISTINCT FROM 'cancelled'
    OFFSET 0 -- a fence: keeps one index range scan per window (see sql.ts)
  ) t
  LEFT JOIN tolerance ON tolerance.category = t.category
)`;
