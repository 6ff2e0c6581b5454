/**
 * What the domain's query units share: the locations unit (run first, in its own
 * READ ONLY transaction), the rolling and weekly windows, and the runner of an
 * indicator's reference SQL (tests, backfill and evidence packs compare the
 * incremental engine with it). Results are plain tagged data that domain-history.ts
 * and domain-live.ts turn into metric families.
 */
import type { Queryable, Row } from '../db/types.ts';
import type { IndicatorDefinition } from '../indicators/types.ts';
import type { IndicatorSettings } from '../indicators/settings.ts';
import type { LocationInfo, QueryUnit, SkippedRows } from './types.ts';
import { ROLLING_WINDOWS } from '../shared/windows.ts';
import { completeWeeksSince, isValidTimezone } from './domain-time.ts';

export const LOCATIONS_UNIT_NAME = 'locations';
// The rolling windows are shared with the panel and the dashboards.
export { ROLLING_WINDOWS, type RollingWindowLabel } from '../shared/windows.ts';

export interface WindowSpec {
  locationId: string;
  label: string;
  starts: Date;
  ends: Date;
}

export interface WindowCount {
  locationId: string;
  window: string;
  numerator: number;
  denominator: number;
}

export interface LocationsResult {
  kind: 'locations';
  locations: LocationInfo[];
  skipped: SkippedRows[];
}

/** [now - days, now) per location, for 7d and 28d. */
export function rollingWindows(locations: readonly LocationInfo[], now: Date): WindowSpec[] {
  return locations.flatMap((location) =>
    ROLLING_WINDOWS.map((window) => ({
      locationId: location.locationId,
      label: window.label,
      starts: new Date(now.getTime() - window.days * 86_400_000),
      ends: now,
    })),
  );
}

/** Every complete calendar week since go-live, per location, labelled by its Monday. */
export function weeklyWindows(locations: readonly LocationInfo[], now: Date): WindowSpec[] {
  return locations.flatMap((location) =>
    completeWeeksSince(location.goLiveDate, location.timezone, now).map((week) => ({
      locationId: location.locationId,
      label: week.monday,
      starts: week.starts,
      ends: week.ends,
    })),
  );
}

/** The jsonb parameter ($6) of every indicator query: the settings the SQL needs. */
export function indicatorSqlSettings(settings: IndicatorSettings): string {
  return JSON.stringify({
    taskToleranceDefaultMinutes: settings.taskTolerance.defaultMinutes,
    taskToleranceMinutes: settings.taskTolerance.byCategory,
    alertAckTargetSeconds: settings.alertAckTargetSeconds,
    noteLateMinutes: settings.noteLateMinutes,
  });
}

/** The six parameters of an indicator query (see IndicatorDefinition). */
export function indicatorParams(windows: readonly WindowSpec[], now: Date, settings: IndicatorSettings): unknown[] {
  return [
    windows.map((window) => window.locationId),
    windows.map((window) => window.label),
    windows.map((window) => window.starts.toISOString()),
    windows.map((window) => window.ends.toISOString()),
    now.toISOString(),
    indicatorSqlSettings(settings),
  ];
}

export function textColumn(row: Row, column: string): string {
  const value = row[column];
  if (typeof value !== 'string') throw new Error(`column ${column}: expected text, got ${typeof value}`);
  return value;
}

export function integer(row: Row, column: string): number {
  const value = typeof row[column] === 'string' ? Number(row[column]) : row[column];
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new Error(`column ${column}: expected an integer, got ${String(row[column])}`);
  return value;
}

/** Runs one indicator's SQL over the given windows; also used directly by tests. */
export async function runIndicator(
  tx: Queryable,
  indicator: IndicatorDefinition,
  windows: readonly WindowSpec[],
  now: Date,
  settings: IndicatorSettings,
): Promise<WindowCount[]> {
  if (windows.length === 0) return [];
  const { rows } = await tx.query(indicator.sql, indicatorParams(windows, now, settings));
  return rows.map((row) => ({
    locationId: textColumn(row, 'location_id'),
    window: textColumn(row, 'window'),
    numerator: integer(row, 'numerator'),
    denominator: integer(row, 'denominator'),
  }));
}

export const LOCATIONS_SQL = `SELECT location_id, name, service_type, go_live_date::text AS go_live_date, timezone
FROM ecm.locations
ORDER BY location_id`;

/** Reads ecm.locations; rows without id or go-live date, or with an unknown timezone, are skipped and counted. */
export const locationsUnit: QueryUnit<IndicatorSettings, LocationsResult> = {
  name: LOCATIONS_UNIT_NAME,
  async run(tx: Queryable): Promise<LocationsResult> {
    const { rows } = await tx.query(LOCATIONS_SQL);
    const locations: LocationInfo[] = [];
    const skipped = new Map<string, number>();
    const skip = (reason: string) => skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
    for (const row of rows) {
      const { location_id: locationId, name, service_type: serviceType, go_live_date: goLiveDate, timezone } = row;
      if (typeof locationId !== 'string' || locationId === '') skip('null_location_id');
      else if (typeof goLiveDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(goLiveDate)) skip('null_go_live_date');
      else if (typeof timezone !== 'string' || !isValidTimezone(timezone)) skip('invalid_timezone');
      else {
        locations.push({
          locationId,
          name: typeof name === 'string' ? name : locationId,
          serviceType: typeof serviceType === 'string' ? serviceType : 'unknown',
          goLiveDate,
          timezone,
        });
      }
    }
    return {
      kind: 'locations',
      locations,
      skipped: [...skipped].map(([reason, count]) => ({ table: 'locations', reason, count })),
    };
  },
};
