import { SHIFT_SLACK, WINDOWS_CTE, WINDOW_TOTALS_SELECT } from './sql.ts';
import { indicatorCollector } from './collector.ts';
import { memberPartial } from './partial.ts';
import { shiftsPass } from '../engine/incremental/passes/shifts.ts';
import { LOGIN_COVERAGE } from '../shared/indicators.ts';

/**
 * Staff with an ended shift starting in the window (denominator), and of those the
 * ones who logged in between 30 minutes before and the end of one of those shifts.
 * A shift is judged once it has ended; inverted shifts (ends_at < starts_at) and
 * shifts without a staff id are skipped. Sessions are matched by staff, whatever
 * location they were opened at. Uses shifts_location_start_cover_idx and sessions_staff_start_idx.
 */
export const LOGIN_COVERAGE_SQL = `WITH ${WINDOWS_CTE},
ended_shifts AS (
  SELECT windows.location_id, windows.label, s.staff_id, s.starts_at, s.ends_at
  FROM windows
  CROSS JOIN LATERAL (
    SELECT s.staff_id, s.starts_at, s.ends_at FROM ecm.shifts s
    WHERE s.location_id = windows.location_id AND s.starts_at >= windows.starts AND s.starts_at < windows.ends
    OFFSET 0 -- a fence: keeps one index range scan per window (see sql.ts)
  ) s
  WHERE s.ends_at <= $5 AND s.ends_at >= s.starts_at AND s.staff_id IS NOT NULL
),
staff_in_window AS (
  SELECT location_id, label, staff_id,
    bool_or(EXISTS (
      SELECT 1 FROM ecm.sessions se
      WHERE se.staff_id = ended_shifts.staff_id
        AND se.started_at >= ended_shifts.starts_at - ${SHIFT_SLACK}
        AND se.started_at <= ended_shifts.ends_at
    )) AS logged_in
  FROM ended_shifts
  GROUP BY location_id, label, staff_id
),
per_window AS (
  SELECT location_id, label, count(*) FILTER (WHERE logged_in) AS numerator, count(*) AS denominator
  FROM staff_in_window
  GROUP BY location_id, label
)
${WINDOW_TOTALS_SELECT}`;

export const loginCoverage = indicatorCollector({
  ...LOGIN_COVERAGE,
  sql: LOGIN_COVERAGE_SQL,
  defaultThresholds: { weekly: { target: 0.9, critical: 0.75 }, monthly: { target: 0.95, critical: 0.85 } },
  // Distinct staff with an ended shift in the window, and those who logged in for one of them (sets of staff, merged).
  partial: memberPartial({ pass: shiftsPass.name, store: 'logins' }),
});
