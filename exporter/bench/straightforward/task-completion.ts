import type { StraightforwardQuery } from './types.ts';
import { inWindow, ROLLING_WINDOWS_JOIN } from './windows.ts';

/** Tasks due in the window, not cancelled, past due time + tolerance (60 min, medication 30); numerator: an outcome recorded. */
export const TASK_COMPLETION_PLAIN_SQL = `SELECT t.location_id, w.label AS "window",
  count(*) FILTER (WHERE t.completed_at IS NOT NULL)::int AS numerator,
  count(*)::int AS denominator
FROM ecm.tasks t
JOIN ${ROLLING_WINDOWS_JOIN} ON ${inWindow('t.due_at')}
WHERE t.status <> 'cancelled'
  AND t.due_at + CASE WHEN t.category = 'medication' THEN interval '30 minutes' ELSE interval '60 minutes' END < $1::timestamptz
GROUP BY t.location_id, w.label`;

export const taskCompletionPlain: StraightforwardQuery = { indicator: 'task_completion', sql: TASK_COMPLETION_PLAIN_SQL };
