/**
 * What the refresh runtime runs, in two lanes:
 *
 *   safety   the locations and the live gauges on-call leads are paged on; every
 *            interval, on a connection nothing else can occupy;
 *   history  the windowed indicators, weekly history and governance evidence; every
 *            interval, single-flight, however long it takes (up to its deadline).
 *
 * Each lane reads its own locations first and is assembled on its own (own `now`,
 * own locations), so a lane's families are consistent and a slow or failed lane
 * never holds the other back. The domain (indicators, live gauges, governance)
 * supplies the units and the assembly; the runtime supplies the transactions, the
 * timeouts, the clock, the parallelism, the deadline and the self-metrics.
 * src/runtime/domain-pipeline.ts fills it.
 */
import type { LocationInfo, MetricFamily, QueryUnit, UnitContext, UnitOutcome } from '../engine/types.ts';

export const LANES = ['safety', 'history'] as const;
export type LaneName = (typeof LANES)[number];

/** What data_timestamp_seconds{domain} tells apart: safety alerts only read `safety`. */
export const DOMAINS = ['safety', 'indicators', 'governance'] as const;
export type DomainName = (typeof DOMAINS)[number];

/** The databases behind source_up{source}: the ECM database and the governance store. */
export const SOURCES = ['ecm', 'governance'] as const;
export type SourceName = (typeof SOURCES)[number];

export interface UnitPlan<Settings> {
  unit: QueryUnit<Settings, unknown>;
  domain: DomainName;
  source: SourceName;
  /**
   * True when the unit computes per ECM location and so cannot run without them;
   * false (governance) when it runs even while the ECM database is down, with no locations.
   */
  perLocation: boolean;
}

/** Something a lane's outcomes say that a person must act on, logged once when it first appears. */
export interface LaneNotice {
  /** Stable while the condition lasts: the lane logs a key again only after it went away. */
  key: string;
  message: string;
  fields: Readonly<Record<string, string>>;
}

export interface LanePipeline<Settings> {
  settings: Settings;
  /**
   * Reads the locations (ECM database) the lane computes for. It runs first, in its
   * own READ ONLY transaction; when it fails, the per-location units are not run.
   */
  locations: { unit: QueryUnit<Settings, unknown>; domain: DomainName };
  /** The locations of a successful locations outcome. */
  locationsFrom(outcome: UnitOutcome<unknown>): LocationInfo[];
  units: ReadonlyArray<UnitPlan<Settings>>;
  /**
   * Turns this lane run's outcomes by unit name (the locations outcome included)
   * into metric families. Pure; a failed unit's metrics must be absent. A long assembly
   * resolves a promise, giving the event loop turns meanwhile (see engine/slices.ts).
   */
  assemble(outcomes: ReadonlyMap<string, UnitOutcome<unknown>>, context: UnitContext<Settings>): MetricFamily[] | Promise<MetricFamily[]>;
  /** Conditions to tell the operator about (e.g. a missing grant), derived from the outcomes. */
  notices?(outcomes: ReadonlyMap<string, UnitOutcome<unknown>>): LaneNotice[];
}

export type RefreshPipeline<Settings> = Readonly<Record<LaneName, LanePipeline<Settings>>>;

/** Query label of a lane's assembly (its invalid families are reported under it). */
export const assembleQueryName = (lane: LaneName): string => `assemble_${lane}`;
