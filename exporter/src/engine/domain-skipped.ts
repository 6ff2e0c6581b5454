/**
 * Counts the rows the refresh skipped as invalid, by table and reason. The reference
 * schema forbids most of these (NOT NULL), but adapters are views over vendor data,
 * so the indicator queries ignore such rows rather than fail, and this unit makes
 * them visible. Scope: rows of known locations whose reference time is NULL (found
 * through the (location_id, time) indexes), or lies in the last 28 days (the span
 * every refresh reads; older weeks are read only when the history is rebuilt) and
 * is otherwise invalid.
 */
import type { Queryable } from '../db/types.ts';
import type { IndicatorSettings } from '../indicators/settings.ts';
import type { QueryUnit, SkippedRows, UnitContext } from './types.ts';
import { integer, ROLLING_WINDOWS, textColumn } from './domain-units.ts';

export interface SkippedRowsResult {
  kind: 'skipped_rows';
  skipped: SkippedRows[];
}

/** $1 location ids, $2 start of the longest rolling window, $3 now, $4 known alert severities. */
export const SKIPPED_ROWS_SQL = `WITH scope AS (SELECT $1::text[] AS locations, $2::timestamptz AS since, $3::timestamptz AS now)
SELECT "table", reason, rows::int AS rows FROM (
SELECT 'shifts' AS "table", 'null_timestamp' AS reason,
  (SELECT count(*) FROM ecm.shifts, scope WHERE location_id = ANY(scope.locations) AND starts_at IS NULL)
  + (SELECT count(*) FROM ecm.shifts, scope WHERE location_id = ANY(scope.locations) AND starts_at >= scope.since AND starts_at < scope.now AND ends_at IS NULL) AS rows
UNION ALL SELECT 'shifts', 'inverted_timestamps',
  (SELECT count(*) FROM ecm.shifts, scope WHERE location_id = ANY(scope.locations) AND starts_at >= scope.since AND starts_at < scope.now AND ends_at < starts_at)
UNION ALL SELECT 'shifts', 'null_staff_id',
  (SELECT count(*) FROM ecm.shifts, scope WHERE location_id = ANY(scope.locations) AND starts_at >= scope.since AND starts_at < scope.now AND staff_id IS NULL)
UNION ALL SELECT 'sessions', 'null_timestamp',
  (SELECT count(*) FROM ecm.sessions, scope WHERE location_id = ANY(scope.locations) AND started_at IS NULL)
UNION ALL SELECT 'sessions', 'inverted_timestamps',
  (SELECT count(*) FROM ecm.sessions, scope WHERE location_id = ANY(scope.locations) AND started_at >= scope.since AND started_at < scope.now AND ended_at < started_at)
UNION ALL SELECT 'tasks', 'null_timestamp',
  (SELECT count(*) FROM ecm.tasks, scope WHERE location_id = ANY(scope.locations) AND due_at IS NULL)
UNION ALL SELECT 'care_notes', 'null_timestamp',
  (SELECT count(*) FROM ecm.care_notes, scope WHERE location_id = ANY(scope.locations) AND occurred_at IS NULL)
  + (SELECT count(*) FROM ecm.care_notes, scope WHERE location_id = ANY(scope.locations) AND occurred_at >= scope.since AND occurred_at < scope.now AND recorded_at IS NULL)
UNION ALL SELECT 'alerts', 'null_timestamp',
  (SELECT count(*) FROM ecm.alerts, scope WHERE location_id = ANY(scope.locations) AND raised_at IS NULL)
UNION ALL SELECT 'alerts', 'inverted_timestamps',
  (SELECT count(*) FROM ecm.alerts, scope WHERE location_id = ANY(scope.locations) AND raised_at >= scope.since AND raised_at < scope.now AND acknowledged_at < raised_at)
UNION ALL SELECT 'alerts', 'unknown_severity',
  (SELECT count(*) FROM ecm.alerts, scope WHERE location_id = ANY(scope.locations) AND raised_at >= scope.since AND raised_at < scope.now
    AND (severity IS NULL OR NOT severity = ANY($4::text[])))
) counts`;

export const skippedRowsUnit: QueryUnit<IndicatorSettings, SkippedRowsResult> = {
  name: 'rows_skipped',
  async run(tx: Queryable, context: UnitContext<IndicatorSettings>): Promise<SkippedRowsResult> {
    if (context.locations.length === 0) return { kind: 'skipped_rows', skipped: [] };
    const since = new Date(context.now.getTime() - Math.max(...ROLLING_WINDOWS.map((window) => window.days)) * 86_400_000);
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
