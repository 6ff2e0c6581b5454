import type { StraightforwardQuery } from './types.ts';
import { inWindow, ROLLING_WINDOWS_JOIN } from './windows.ts';

/** Staff with an ended shift starting in the window; numerator: those who logged in from 30 min before to the end of one of them. */
export const LOGIN_COVERAGE_PLAIN_SQL = `SELECT s.location_id, w.label AS "window",
  count(DISTINCT s.staff_id) FILTER (WHERE EXISTS (
    SELECT 1 FROM ecm.sessions se
    WHERE se.staff_id = s.staff_id AND se.started_at >= s.starts_at - interval '30 minutes' AND se.started_at <= s.ends_at
  ))::int AS numerator,
  count(DISTINCT s.staff_id)::int AS denominator
FROM ecm.shifts s
JOIN ${ROLLING_WINDOWS_JOIN} ON ${inWindow('s.starts_at')}
WHERE s.ends_at <= $1::timestamptz AND s.ends_at >= s.starts_at AND s.staff_id IS NOT NULL
GROUP BY s.location_id, w.label`;

export const loginCoveragePlain: StraightforwardQuery = { indicator: 'login_coverage', sql: LOGIN_COVERAGE_PLAIN_SQL };
