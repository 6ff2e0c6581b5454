/**
 * The seams of the refresh pipeline (see docs/architecture.md):
 *
 *   query units (domain: indicators, live gauges, weekly history, governance logs)
 *     --run by the refresh runtime, each in its own READ ONLY transaction with a timeout-->
 *   unit results (or the error of that unit alone)
 *     --assembled by the domain into-->  metric families  (plain data: the snapshot)
 *     --rendered by the runtime (prom-client) into-->  Prometheus text on GET /metrics
 *
 * Nothing here knows about HTTP, and nothing in the HTTP path touches the database.
 */
import type { Queryable } from '../db/types.ts';
import type { MetricDefinition } from '../shared/metrics.ts';

/** One Prometheus sample. Label values are free text; the renderer escapes them. */
export interface Sample<L extends string = string> {
  labels: Readonly<Record<L, string>>;
  value: number;
}

/**
 * One metric family of the snapshot: the catalogue entry it is published against
 * (exporter/src/shared/metrics.ts: name, type, help, labels) and its samples.
 */
export interface MetricFamily {
  definition: MetricDefinition;
  samples: Sample[];
}

/** A family of the snapshot; the samples' labels are typed by the definition's label names. */
export function family<L extends string>(definition: MetricDefinition<L>, samples: Array<Sample<L>>): MetricFamily {
  return { definition, samples };
}

/** A location as read from `ecm.locations` (rows with invalid values are skipped and counted). */
export interface LocationInfo {
  locationId: string;
  name: string;
  serviceType: string;
  goLiveDate: string; // YYYY-MM-DD
  timezone: string; // IANA, e.g. Europe/London
}

/** A row skipped as invalid (null or inverted timestamps...), counted in self-metrics. */
export interface SkippedRows {
  table: string;
  reason: string;
  count: number;
}

/** What every query unit gets: the fixed clock of this refresh and the validated settings. */
export interface UnitContext<Settings> {
  now: Date;
  settings: Settings;
  locations: readonly LocationInfo[];
}

/**
 * One named database query of the refresh. Its duration and errors are published
 * per `name` (label `query`), so one failure is visible and does not hide the others.
 */
export interface QueryUnit<Settings, Result> {
  name: string;
  run(tx: Queryable, context: UnitContext<Settings>): Promise<Result>;
}

/** The outcome of one unit in one refresh: never a cached failure. */
export type UnitOutcome<Result> = { ok: true; value: Result } | { ok: false; error: Error };
