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
 * and snake_case (fit for a `query` label): locations, indicators_<table pass>
 * (tasks, care_notes, alerts, shifts), live_alerts_unacknowledged,
 * live_tasks_overdue, live_shifts_without_activity.
 *
 * The serving runtime splits this in two lanes (src/runtime/domain-pipeline.ts):
 * the live gauges (`buildLiveGaugeUnits`, `assembleLiveFamilies`) and the rest
 * (`buildHistoryUnits`, `assembleHistoryFamilies`), each after its own locations read.
 *
 * The indicators are computed by the incremental engine (incremental/engine.ts): one
 * unit per table pass, keeping partial aggregates per location and hour between
 * refreshes, so the first refresh after a start reads the history since go-live in
 * grouped passes and later ones read what changed. Build the units once per process
 * (`createIncrementalEngine` or the options below) and reuse them. Each indicator's
 * collector (indicators/<name>.ts) reads its counts from its pass's view and
 * publishes its families (domain-history.ts); the live gauges are domain-live.ts.
 */
import type { IndicatorSettings } from '../indicators/settings.ts';
import { assembleHistoryFamilies } from './domain-history.ts';
import { assembleLiveFamilies } from './domain-live.ts';
import { locationsUnit, LOCATIONS_UNIT_NAME, type LocationsResult } from './domain-units.ts';
import { createIncrementalEngine, REVERIFY_MINUTES, type IncrementalEngine } from './incremental/engine.ts';
import { INDICATORS } from '../indicators/index.ts';
import { liveGaugeUnits, liveUnits } from './live-gauges.ts';
import type { LocationInfo, MetricFamily, QueryUnit, UnitContext, UnitOutcome } from './types.ts';

export { locationsUnit, LOCATIONS_UNIT_NAME };
export { assembleHistoryFamilies, assembleLiveFamilies };
export type { LocationsResult };
export { INDICATORS };
export { DEFAULT_INDICATOR_SETTINGS, indicatorSettingsProblems, type IndicatorSettings } from '../indicators/settings.ts';

/**
 * Every domain unit except `locationsUnit` (which must run first): the indicator
 * engine's passes and the live gauges. Build the list once per process and reuse it:
 * the passes keep their partial aggregates in memory; a fresh list (or engine)
 * computes everything from the database again.
 */
export function buildQueryUnits(
  engine: IncrementalEngine = createIncrementalEngine({ reverifyMinutes: REVERIFY_MINUTES.default }),
): QueryUnit<IndicatorSettings, unknown>[] {
  return [...engine.units, ...liveUnits()];
}

/** The units of the live safety gauges (alerts unacknowledged, tasks overdue, shifts without activity). */
export function buildLiveGaugeUnits(): QueryUnit<IndicatorSettings, unknown>[] {
  return liveGaugeUnits();
}

/**
 * Every domain unit but the locations and the live gauges: the indicator engine's
 * passes, which also yield the acknowledgement times and the rows skipped as invalid.
 */
export function buildHistoryUnits(engine: IncrementalEngine): QueryUnit<IndicatorSettings, unknown>[] {
  return [...engine.units];
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
  return [...assembleHistoryFamilies(outcomes, context), ...assembleLiveFamilies(outcomes, context)];
}
