import { SHIFT_SLACK, WINDOWS_CTE, WINDOW_TOTALS_SELECT } from './sql.ts';
import { indicatorCollector } from './collector.ts';
import { countPartial } from './partial.ts';
import { ACTIVITY_FIELDS, shiftsPass } from '../engine/incremental/passes/shifts.ts';
import { SHIFT_ACTIVITY_MATCH } from '../shared/indicators.ts';

/**
 * Shifts starting in the window and mature (ended at least 30 minutes ago, so no
 * later event can still fall in the slack); numerator: the rostered person left a
 * digital trace in [starts_at - 30 min, ends_at + 30 min]: a login, a task they
 * completed, or a note they recorded. A shift crossing midnight is one shift,
 * windowed by its start. Each probe uses an index keyed by staff and time
 * (sessions_staff_start_idx, tasks_completed_by_idx, notes_staff_recorded_idx).
 */
export const SHIFT_ACTIVITY_MATCH_SQL = `WITH ${WINDOWS_CTE},
mature_shifts AS (
  SELECT windows.location_id, windows.label, s.staff_id,
    s.starts_at - ${SHIFT_SLACK} AS from_at, s.ends_at + ${SHIFT_SLACK} AS to_at
  FROM windows
  CROSS JOIN LATERAL (
    SELECT s.staff_id, s.starts_at, s.ends_at FROM ecm.shifts s
    WHERE s.location_id = windows.location_id AND s.starts_at >= windows.starts AND s.starts_at < windows.ends
    OFFSET 0 -- a fence: keeps one index range scan per window (see sql.ts)
  ) s
  WHERE s.ends_at + ${SHIFT_SLACK} <= $5 AND s.ends_at >= s.starts_at AND s.staff_id IS NOT NULL
),
per_window AS (
  SELECT location_id, label,
    count(*) FILTER (WHERE
      EXISTS (SELECT 1 FROM ecm.sessions se WHERE se.staff_id = m.staff_id AND se.started_at >= m.from_at AND se.started_at <= m.to_at)
      OR EXISTS (SELECT 1 FROM ecm.tasks t WHERE t.completed_by = m.staff_id AND t.completed_at >= m.from_at AND t.completed_at <= m.to_at)
      OR EXISTS (SELECT 1 FROM ecm.care_notes n WHERE n.staff_id = m.staff_id AND n.recorded_at >= m.from_at AND n.recorded_at <= m.to_at)
    ) AS numerator,
    count(*) AS denominator
  FROM mature_shifts m
  GROUP BY location_id, label
)
${WINDOW_TOTALS_SELECT}`;

export const shiftActivityMatch = indicatorCollector({
  ...SHIFT_ACTIVITY_MATCH,
  sql: SHIFT_ACTIVITY_MATCH_SQL,
  defaultThresholds: { weekly: { target: 0.9, critical: 0.75 }, monthly: { target: 0.95, critical: 0.85 } },
  // Of the shifts judged (ended 30 minutes ago), those with a digital trace of their staff member.
  partial: countPartial({
    pass: shiftsPass.name,
    store: 'activity',
    storeSpec: shiftsPass.stores.activity,
    numerator: ACTIVITY_FIELDS.active,
    denominator: ACTIVITY_FIELDS.shifts,
  }),
});
