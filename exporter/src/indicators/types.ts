/**
 * The shape of an indicator definition. An indicator is data: adding one is one
 * file in this folder, one entry in ./index.ts, one entry in ../shared/indicators.ts
 * (its name, title, direction and description, which the panel shares) and one test
 * in test/indicators/.
 */

import type { IndicatorMeta } from '../shared/indicators.ts';

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
export interface IndicatorDefinition extends IndicatorMeta {
  sql: string;
  defaultThresholds: IndicatorThresholds;
}
