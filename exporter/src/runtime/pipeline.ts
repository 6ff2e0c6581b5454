/**
 * What the refresh runtime runs. The domain (indicators, live gauges, weekly
 * history) supplies the units and the assembly; the runtime supplies the
 * transactions, the timeout, the clock, the parallelism and the self-metrics.
 * Shaped after src/engine/domain.ts; src/runtime/domain-pipeline.ts fills it.
 */
import type { LocationInfo, MetricFamily, QueryUnit, UnitContext, UnitOutcome } from '../engine/types.ts';

export interface RefreshPipeline<Settings> {
  settings: Settings;
  /**
   * Reads the locations every unit computes for. It runs first, in its own READ
   * ONLY transaction; when it fails no other unit runs and the refresh fails.
   */
  locations: QueryUnit<Settings, unknown>;
  /** The locations of a successful locations outcome. */
  locationsFrom(outcome: UnitOutcome<unknown>): LocationInfo[];
  units: ReadonlyArray<QueryUnit<Settings, unknown>>;
  /**
   * Turns this refresh's outcomes by unit name (the locations outcome included)
   * into metric families. Pure; a failed unit's metrics must be absent. Rows
   * skipped as invalid are the assembly's to publish (ecm_adoption_rows_skipped).
   */
  assemble(outcomes: ReadonlyMap<string, UnitOutcome<unknown>>, context: UnitContext<Settings>): MetricFamily[];
}
