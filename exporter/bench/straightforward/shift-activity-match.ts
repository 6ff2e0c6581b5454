import type { StraightforwardQuery } from './types.ts';
import { inWindow, ROLLING_WINDOWS_JOIN } from './windows.ts';

/** Shifts starting in the window, ended 30 min ago; numerator: a login, completed task or recorded note by the rostered person within 30 min of it. */
export const SHIFT_ACTIVITY_MATCH_PLAIN_SQL = `SELECT s.location_id, w.label AS "window",
  count(*) FILTER (WHERE
    EXISTS (SELECT 1 FROM ecm.sessions se WHERE se.staff_id = s.staff_id
      AND se.started_at >= s.starts_at - interval '30 minutes' AND se.started_at <= s.ends_at + interval '30 minutes')
    OR EXISTS (SELECT 1 FROM ecm.tasks t WHERE t.completed_by = s.staff_id
      AND t.completed_at >= s.starts_at - interval '30 minutes' AND t.completed_at <= s.ends_at + interval '30 minutes')
    OR EXISTS (SELECT 1 FROM ecm.care_notes n WHERE n.staff_id = s.staff_id
      AND n.recorded_at >= s.starts_at - interval '30 minutes' AND n.recorded_at <= s.ends_at + interval '30 minutes')
  )::int AS numerator,
  count(*)::int AS denominator
FROM ecm.shifts s
JOIN ${ROLLING_WINDOWS_JOIN} ON ${inWindow('s.starts_at')}
WHERE s.ends_at + interval '30 minutes' <= $1::timestamptz AND s.ends_at >= s.starts_at AND s.staff_id IS NOT NULL
GROUP BY s.location_id, w.label`;

export const shiftActivityMatchPlain: StraightforwardQuery = { indicator: 'shift_activity_match', sql: SHIFT_ACTIVITY_MATCH_PLAIN_SQL };
