/**
 * Live (not windowed) safety gauges per location, each one query unit:
 * - alerts past their acknowledgement target, not acknowledged and not resolved;
 * - tasks overdue: due_at + tolerance passed, completed_at NULL and status not an
 *   outcome (completed, refused, not_required) nor cancelled; `missed` and `pending`
 *   count, since the care still has not been recorded as given;
 * - shifts in progress that started more than shiftWithoutActivityMinutes ago with
 *   no login, completed task or recorded note by the rostered person since 30
 *   minutes before the start;
 * - p50/p90 seconds from raised to acknowledged, per rolling window.
 * The first three look back liveLookbackHours (default 24 h): an alert or task left
 * open for weeks is a data-quality matter the windowed indicators already count.
 */
import type { Queryable } from '../db/types.ts';
import type { IndicatorSettings } from '../indicators/settings.ts';
import type { QueryUnit, UnitContext } from './types.ts';
import { indicatorParams, integer, rollingWindows, textColumn } from './domain-units.ts';

export interface LiveCount {
  locationId: string;
  /** Only for alerts: the alert severity. */
  severity?: string;
  value: number;
}

export interface LiveCountsResult {
  kind: 'live_counts';
  gauge: 'alerts_unacknowledged' | 'tasks_overdue' | 'shifts_without_activity';
  counts: LiveCount[];
}

export interface AckSeconds {
  locationId: string;
  window: string;
  acknowledged: number;
  p50: number | null;
  p90: number | null;
}

export interface AckSecondsResult {
  kind: 'ack_seconds';
  rows: AckSeconds[];
}

/** $1 locations, $2 now, $3 lookback hours, $4 targets jsonb {severity: seconds}. Uses alerts_unacknowledged_idx. */
export const ALERTS_UNACKNOWLEDGED_SQL = `WITH ack_target AS (
  SELECT key AS severity, value::float8 * interval '1 second' AS target FROM jsonb_each_text($4::jsonb)
)
SELECT a.location_id, a.severity, count(*)::int AS value
FROM ecm.alerts a
JOIN ack_target ON ack_target.severity = a.severity
WHERE a.location_id = ANY($1::text[]) AND a.acknowledged_at IS NULL AND a.resolved_at IS NULL
  AND a.raised_at >= $2::timestamptz - $3::float8 * interval '1 hour' AND a.raised_at + ack_target.target < $2::timestamptz
GROUP BY a.location_id, a.severity`;

/** $1 locations, $2 now, $3 lookback hours, $4 default tolerance minutes, $5 {category: minutes}. Uses tasks_open_idx. */
export const TASKS_OVERDUE_SQL = `WITH tolerance AS (
  SELECT key AS category, value::float8 AS minutes FROM jsonb_each_text($5::jsonb)
)
SELECT t.location_id, count(*)::int AS value
FROM ecm.tasks t
LEFT JOIN tolerance ON tolerance.category = t.category
WHERE t.location_id = ANY($1::text[])
  AND t.due_at >= $2::timestamptz - $3::float8 * interval '1 hour' AND t.due_at < $2::timestamptz
  AND t.due_at + coalesce(tolerance.minutes, $4::float8) * interval '1 minute' < $2::timestamptz
  AND t.completed_at IS NULL
  AND (t.status IS NULL OR t.status NOT IN ('completed', 'refused', 'not_required', 'cancelled'))
GROUP BY t.location_id`;

/** $1 locations, $2 now, $3 lookback hours, $4 minutes without activity. Uses shifts_location_start_cover_idx and the staff indexes. */
export const SHIFTS_WITHOUT_ACTIVITY_SQL = `SELECT s.location_id, count(*)::int AS value
FROM ecm.shifts s
WHERE s.location_id = ANY($1::text[])
  AND s.starts_at >= $2::timestamptz - $3::float8 * interval '1 hour'
  AND s.starts_at <= $2::timestamptz - $4::float8 * interval '1 minute'
  AND s.ends_at > $2::timestamptz AND s.staff_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM ecm.sessions se WHERE se.staff_id = s.staff_id
    AND se.started_at >= s.starts_at - interval '30 minutes' AND se.started_at <= $2::timestamptz)
  AND NOT EXISTS (SELECT 1 FROM ecm.tasks t WHERE t.completed_by = s.staff_id
    AND t.completed_at >= s.starts_at - interval '30 minutes' AND t.completed_at <= $2::timestamptz)
  AND NOT EXISTS (SELECT 1 FROM ecm.care_notes n WHERE n.staff_id = s.staff_id
    AND n.recorded_at >= s.starts_at - interval '30 minutes' AND n.recorded_at <= $2::timestamptz)
GROUP BY s.location_id`;

/** Same window parameters as the indicators ($1..$4). Acknowledged alerts only; never-acknowledged ones are in alert_ack_on_time. */
export const ACK_SECONDS_SQL = `SELECT w.location_id, w.label AS "window", count(a.alert_id)::int AS acknowledged,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.acknowledged_at - a.raised_at))::float8 AS p50,
  percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM a.acknowledged_at - a.raised_at))::float8 AS p90
FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[]) AS w(location_id, label, starts, ends)
LEFT JOIN LATERAL (
  SELECT a.alert_id, a.raised_at, a.acknowledged_at FROM ecm.alerts a
  WHERE a.location_id = w.location_id AND a.raised_at >= w.starts AND a.raised_at < w.ends
    AND a.acknowledged_at IS NOT NULL AND a.acknowledged_at >= a.raised_at
    OFFSET 0 -- a fence: keeps one index range scan per window (see sql.ts)
) a ON true
GROUP BY w.location_id, w.label`;

const ids = (context: UnitContext<IndicatorSettings>): string[] => context.locations.map((location) => location.locationId);

function liveUnit(
  gauge: LiveCountsResult['gauge'],
  sql: string,
  params: (context: UnitContext<IndicatorSettings>) => unknown[],
): QueryUnit<IndicatorSettings, LiveCountsResult> {
  return {
    name: `live_${gauge}`,
    async run(tx: Queryable, context: UnitContext<IndicatorSettings>): Promise<LiveCountsResult> {
      const { rows } = await tx.query(sql, params(context));
      const counts = rows.map((row): LiveCount => {
        const count: LiveCount = { locationId: textColumn(row, 'location_id'), value: integer(row, 'value') };
        if (gauge === 'alerts_unacknowledged') count.severity = textColumn(row, 'severity');
        return count;
      });
      return { kind: 'live_counts', gauge, counts };
    },
  };
}

function nullableNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const number = typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) throw new Error(`expected a number, got ${JSON.stringify(value) ?? typeof value}`);
  return number;
}

export const ackSecondsUnit: QueryUnit<IndicatorSettings, AckSecondsResult> = {
  name: 'alert_acknowledgement_seconds',
  async run(tx: Queryable, context: UnitContext<IndicatorSettings>): Promise<AckSecondsResult> {
    const windows = rollingWindows(context.locations, context.now);
    if (windows.length === 0) return { kind: 'ack_seconds', rows: [] };
    const { rows } = await tx.query(ACK_SECONDS_SQL, indicatorParams(windows, context.now, context.settings).slice(0, 4));
    return {
      kind: 'ack_seconds',
      rows: rows.map((row) => ({
        locationId: textColumn(row, 'location_id'),
        window: textColumn(row, 'window'),
        acknowledged: integer(row, 'acknowledged'),
        p50: nullableNumber(row.p50),
        p90: nullableNumber(row.p90),
      })),
    };
  },
};

/** The three live safety gauges (the runtime's safety lane), without the acknowledgement times. */
export function liveGaugeUnits(): QueryUnit<IndicatorSettings, LiveCountsResult>[] {
  return [
    liveUnit('alerts_unacknowledged', ALERTS_UNACKNOWLEDGED_SQL, (c) => [
      ids(c),
      c.now.toISOString(),
      c.settings.liveLookbackHours,
      JSON.stringify(c.settings.alertAckTargetSeconds),
    ]),
    liveUnit('tasks_overdue', TASKS_OVERDUE_SQL, (c) => [
      ids(c),
      c.now.toISOString(),
      c.settings.liveLookbackHours,
      c.settings.taskTolerance.defaultMinutes,
      JSON.stringify(c.settings.taskTolerance.byCategory),
    ]),
    liveUnit('shifts_without_activity', SHIFTS_WITHOUT_ACTIVITY_SQL, (c) => [
      ids(c),
      c.now.toISOString(),
      c.settings.liveLookbackHours,
      c.settings.shiftWithoutActivityMinutes,
    ]),
  ];
}

export function liveUnits(): QueryUnit<IndicatorSettings, LiveCountsResult | AckSecondsResult>[] {
  return [...liveGaugeUnits(), ackSecondsUnit];
}
