/**
 * The indicator domain as the refresh runtime sees it. One refresh:
 *
 *   1. run `locationsUnit` (own READ ONLY transaction); on success its value is a
 *      LocationsResult: take `.locations` into the UnitContext (on failure use []:
 *      nothing per location can be computed, and the domain families are absent);
 *   2. run every unit of `buildQueryUnits()` with that context (each in its own READ
 *      ONLY transaction with the statement timeout; any order, in parallel);
 *   3. `assembleFamilies(outcomes, context)` with ALL outcomes keyed by unit name,
 *      including the locations outcome (its skipped rows are published).
 *
 * A failed unit's metrics are absent, never zeros or stale values. The families
 * returned include `ecm_adoption_rows_skipped{table,reason}` (rows skipped as invalid),
 * so the runtime must not publish its own skipped-rows family. Unit names are stable
 * and snake_case (fit for a `query` label): locations, indicator_<name>,
 * live_alerts_unacknowledged, live_tasks_overdue,
 * live_shifts_without_activity, alert_acknowledgement_seconds, rows_skipped.
 *
 * The serving runtime splits this in two lanes (src/runtime/domain-pipeline.ts):
 * the live gauges (`buildLiveGaugeUnits`, `assembleLiveFamilies`) and the rest
 * (`buildHistoryUnits`, `assembleHistoryFamilies`), each after its own locations read.
 *
 * Build the unit list once per process: each indicator unit caches settled weeks
 * of its history (domain-indicator-unit.ts), so the first refresh after a start is
 * the slow one; in steady state a refresh reads about the last 28 days.
 */
import type { IndicatorSettings } from '../indicators/settings.ts';
import { assembleDomainFamilies, assembleHistoryFamilies, assembleLiveFamilies } from './domain-assemble.ts';
import { skippedRowsUnit } from './domain-skipped.ts';
import { indicatorUnitName, locationsUnit, LOCATIONS_UNIT_NAME, type LocationsResult } from './domain-units.ts';
import { indicatorUnit } from './domain-indicator-unit.ts';
import { INDICATORS } from '../indicators/index.ts';
import { ackSecondsUnit, liveGaugeUnits, liveUnits } from './live-gauges.ts';
import type { LocationInfo, MetricFamily, QueryUnit, UnitContext, UnitOutcome } from './types.ts';

export { locationsUnit, LOCATIONS_UNIT_NAME };
export { assembleHistoryFamilies, assembleLiveFamilies };
/** The unit name (and `query` label) of an indicator's unit: `indicator_<name>`. */
export const indicatorUnitNameFor = indicatorUnitName;
export type { LocationsResult };
export { INDICATORS };
export { DEFAULT_INDICATOR_SETTINGS, indicatorSettingsProblems, type IndicatorSettings } from '../indicators/settings.ts';

/**
 * Every domain unit except `locationsUnit` (which must run first). Build the list
 * once per process and reuse it: the indicator units keep settled weeks of the history in
 * memory (see domain-indicator-unit.ts); a fresh list recomputes them from the database.
 */
export function buildQueryUnits(): QueryUnit<IndicatorSettings, unknown>[] {
  return [...INDICATORS.map((indicator) => indicatorUnit(indicator)), ...liveUnits(), skippedRowsUnit];
}

/** The units of the live safety gauges (alerts unacknowledged, tasks overdue, shifts without activity). */
export function buildLiveGaugeUnits(): QueryUnit<IndicatorSettings, unknown>[] {
  return liveGaugeUnits();
}

/**
 * Every domain unit but the locations and the live gauges: indicators (with their
 * history cache: build once per process, as buildQueryUnits), acknowledgement times, skipped rows.
 */
export function buildHistoryUnits(): QueryUnit<IndicatorSettings, unknown>[] {
  return [...INDICATORS.map((indicator) => indicatorUnit(indicator)), ackSecondsUnit, skippedRowsUnit];
}

/** The locations from the locations unit's outcome; [] when it failed. */
export function locationsFromOutcome(outcome: UnitOutcome<unknown> | undefined): LocationInfo[] {
  if (!outcome?.ok) return [];
  const value = outcome.value;
  if (typeof value === 'object' && value !== null && 'kind' in value && value.kind === 'locations' && 'locations' in value && Array.isArray(value.locations)) {
    return value.locations.filter((location): location is LocationInfo => typeof location === 'object' && location !== null && 'locationId' in location);
  }
  return [];
}

/** All domain metric families of the snapshot (names prefixed ecm_adoption_); empty families are left out. */
export function assembleFamilies(outcomes: ReadonlyMap<string, UnitOutcome<unknown>>, context: UnitContext<IndicatorSettings>): MetricFamily[] {
  return assembleDomainFamilies(outcomes, context);
}
