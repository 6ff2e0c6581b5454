/**
 * Counts the rows the refresh skipped as invalid, by table and reason. The reference
 * schema forbids most of these (NOT NULL), but adapters are views over vendor data,
 * so the indicator queries ignore such rows rather than fail, and this unit makes
 * them visible. Scope: rows of known locations whose reference time is NULL, or lies
 * in the span the refresh reads (earliest window start to now) and is otherwise invalid.
 */
import type { Queryable } from '../db/types.ts';
import type { IndicatorSettings } from '../indicators/settings.ts';
import type { QueryUnit, SkippedRows, UnitContext } from './types.ts';
import { integer, rollingWindows, textColumn, weeklyWindows } from './domain-units.ts';

export interface SkippedRowsResult {
  kind: 'skipped_rows';
  skipped: SkippedRows[];
}

/** $1 location ids, $2 earliest window start, $3 now, $4 known alert severities. */
export const SKIPPED_ROWS_SQL = `WITH scope AS (SELECT $1::text[] AS locations, $2::timestamptz AS since, $3::timestamptz AS now)
SELECT 'shifts' AS "table", 'null_timestamp' AS reason, count(*)::int AS rows
  FROM ecm.shifts, scope WHERE location_id = ANY(scope.locations)
  AND (starts_at IS NULL OR (ends_at IS NULL AND starts_at >= scope.since AND starts_at < scope.now))
UNION ALL SELECT 'shifts', 'inverted_timestamps', count(*)::int
  FROM ecm.shifts, scope WHERE location_id = ANY(scope.locations) AND starts_at >= scope.since AND starts_at < scope.now AND ends_at < starts_at
UNION ALL SELECT 'shifts', 'null_staff_id', count(*)::int
  FROM ecm.shifts, scope WHERE location_id = ANY(scope.locations) AND starts_at >= scope.since AND starts_at < scope.now AND staff_id IS NULL
UNION ALL SELECT 'sessions', 'null_timestamp', count(*)::int
  FROM ecm.sessions, scope WHERE location_id = ANY(scope.locations) AND started_at IS NULL
UNION ALL SELECT 'sessions', 'inverted_timestamps', count(*)::int
  FROM ecm.sessions, scope WHERE location_id = ANY(scope.locations) AND started_at >= scope.since AND started_at < scope.now AND ended_at < started_at
UNION ALL SELECT 'tasks', 'null_timestamp', count(*)::int
  FROM ecm.tasks, scope WHERE location_id = ANY(scope.locations) AND due_at IS NULL
UNION ALL SELECT 'care_notes', 'null_timestamp', count(*)::int
  FROM ecm.care_notes, scope WHERE location_id = ANY(scope.locations)
  AND (occurred_at IS NULL OR (recorded_at IS NULL AND occurred_at >= scope.since AND occurred_at < scope.now))
UNION ALL SELECT 'alerts', 'null_timestamp', count(*)::int
  FROM ecm.alerts, scope WHERE location_id = ANY(scope.locations) AND raised_at IS NULL
UNION ALL SELECT 'alerts', 'inverted_timestamps', count(*)::int
  FROM ecm.alerts, scope WHERE location_id = ANY(scope.locations) AND raised_at >= scope.since AND raised_at < scope.now AND acknowledged_at < raised_at
UNION ALL SELECT 'alerts', 'unknown_severity', count(*)::int
  FROM ecm.alerts, scope WHERE location_id = ANY(scope.locations) AND raised_at >= scope.since AND raised_at < scope.now
  AND (severity IS NULL OR NOT severity = ANY($4::text[]))`;

export const skippedRowsUnit: QueryUnit<IndicatorSettings, SkippedRowsResult> = {
  name: 'rows_skipped',
  async run(tx: Queryable, context: UnitContext<IndicatorSettings>): Promise<SkippedRowsResult> {
    const windows = [...rollingWindows(context.locations, context.now), ...weeklyWindows(context.locations, context.now)];
    if (windows.length === 0) return { kind: 'skipped_rows', skipped: [] };
    const since = new Date(Math.min(...windows.map((window) => window.starts.getTime())));
    const { rows } = await tx.query(SKIPPED_ROWS_SQL, [
      context.locations.map((location) => location.locationId),
      since.toISOString(),
      context.now.toISOString(),
      Object.keys(context.settings.alertAckTargetSeconds),
    ]);
    return {
      kind: 'skipped_rows',
      skipped: rows.map((row) => ({ table: textColumn(row, 'table'), reason: textColumn(row, 'reason'), count: integer(row, 'rows') })),
    };
  },
};
