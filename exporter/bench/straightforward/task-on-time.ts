import type { StraightforwardQuery } from './types.ts';
import { inWindow, ROLLING_WINDOWS_JOIN } from './windows.ts';

/** The task_completion denominator; numerator: recorded no later than due time + tolerance. */
export const TASK_ON_TIME_PLAIN_SQL = `SELECT t.location_id, w.label AS "window",
  count(*) FILTER (WHERE t.completed_at <= t.due_at + CASE WHEN t.category = 'medication' THEN interval '30 minutes' ELSE interval '60 minutes' END)::int AS numerator,
  count(*)::int AS denominator
FROM ecm.tasks t
JOIN ${ROLLING_WINDOWS_JOIN} ON ${inWindow('t.due_at')}
WHERE t.status <> 'cancelled'
  AND t.due_at + CASE WHEN t.category = 'medication' THEN interval '30 minutes' ELSE interval '60 minutes' END < $1::timestamptz
GROUP BY t.location_id, w.label`;

export const taskOnTimePlain: StraightforwardQuery = { indicator: 'task_on_time', sql: TASK_ON_TIME_PLAIN_SQL };
