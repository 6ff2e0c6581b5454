/**
 * The shape of an indicator: one collector per file in this folder, owning its
 * reference SQL, its partial reader and the metric families it publishes. Adding one
 * is one file here, one entry in ./index.ts, one entry in ../shared/indicators.ts
 * (its name, title, direction and description, which the panel shares) and one test
 * in test/indicators/.
 */

import type { IndicatorCounts } from '../engine/incremental/results.ts';
import type { LocationInfo, MetricFamily } from '../engine/types.ts';
import type { IndicatorMeta } from '../shared/indicators.ts';
import type { GovernancePhase } from '../shared/windows.ts';
import type { IndicatorPartial } from './partial.ts';
import type { IndicatorSettings } from './settings.ts';

// Names, titles, directions and descriptions are shared with the panel and the dashboards.
export type { Direction } from '../shared/indicators.ts';
export { GOVERNANCE_PHASES, type GovernancePhase } from '../shared/windows.ts';

/** Ratios 0..1. For higher_is_better target >= critical, for lower_is_better target <= critical. */
export interface PhaseThresholds {
  target: number;
  critical: number;
}

export interface IndicatorThresholds {
  weekly: PhaseThresholds;
  monthly: PhaseThresholds;
}

/**
 * Every indicator query takes the same parameters and returns the same columns, so
 * one runner serves the rolling windows (7d, 28d) and the weekly history alike:
 *
 *   $1 text[]        location_id per window
 *   $2 text[]        window label ('7d', '28d', or a week's Monday 'YYYY-MM-DD')
 *   $3 timestamptz[] window start (inclusive)
 *   $4 timestamptz[] window end (exclusive)
 *   $5 timestamptz   now (maturity is judged against it)
 *   $6 jsonb         settings the SQL needs (see indicatorSqlSettings in ../engine/domain-units.ts):
 *                    taskToleranceDefaultMinutes, taskToleranceMinutes {category: min},
 *                    alertAckTargetSeconds {severity: s}, noteLateMinutes
 *
 * Returns one row per window: location_id text, window text, numerator int, denominator int.
 */
export interface IndicatorSpec extends IndicatorMeta {
  /** The reference: what the partial reader must equal at the same `now` (tests, backfill, evidence packs). */
  sql: string;
  defaultThresholds: IndicatorThresholds;
  /** How the refresh reads its numerator and denominator from its table pass (./partial.ts). */
  partial: IndicatorPartial;
}

/** What an indicator's families depend on besides its own counts. */
export interface IndicatorContext {
  locations: readonly LocationInfo[];
  settings: IndicatorSettings;
  /** Each location's governance phase (from every core indicator: engine/domain-phase.ts); a location without one gets no status or threshold. */
  phases: ReadonlyMap<string, GovernancePhase>;
}

/** An indicator collector: its definition and the metric families it publishes (./collector.ts). */
export interface IndicatorDefinition extends IndicatorSpec {
  /**
   * Its families from one refresh. `counts` is undefined when its table pass failed:
   * then only what does not depend on them (info, thresholds) is published.
   */
  publish(counts: IndicatorCounts | undefined, context: IndicatorContext): MetricFamily[];
}
