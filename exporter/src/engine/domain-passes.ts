/**
 * The indicator engine's units as the rest of the domain sees them. The history lane
 * runs one unit per table pass (`indicators_tasks`, `indicators_care_notes`,
 * `indicators_alerts`, `indicators_shifts`: see incremental/engine.ts), each keeping
 * its partial aggregates between refreshes. Their views are turned here into the
 * results the assembly reads: each indicator's counts (rolling windows and weekly
 * history) under `indicator_<name>`, the acknowledgement times under
 * `alert_acknowledgement_seconds`, the rows skipped as invalid under `rows_skipped`.
 *
 * A failed pass fails the indicators it feeds (their metrics are absent, never
 * zeros or the previous values); the skipped rows of its tables are then left out.
 */
import { indicatorUnitName, type IndicatorCountsResult } from './domain-units.ts';
import type { SkippedRowsResult } from './domain-skipped.ts';
import { passUnitName } from './incremental/engine.ts';
import { PASSES } from './incremental/engine.ts';
import type { PassName } from './incremental/pass-spec.ts';
import { INDICATOR_PARTIALS } from './incremental/partials/index.ts';
import { ackSeconds, indicatorCounts, skippedRows } from './incremental/results.ts';
import type { PassView } from './incremental/state.ts';
import type { AckSecondsResult } from './live-gauges.ts';
import type { UnitOutcome } from './types.ts';

export const ACK_SECONDS_RESULT_NAME = 'alert_acknowledgement_seconds';
export const SKIPPED_ROWS_RESULT_NAME = 'rows_skipped';

const PASS_NAMES: ReadonlySet<string> = new Set(PASSES.map((pass) => pass.name));

function isPassView(value: unknown): value is PassView {
  return typeof value === 'object' && value !== null && 'pass' in value && typeof value.pass === 'string' && PASS_NAMES.has(value.pass) && 'report' in value;
}

/**
 * `outcomes` with the results derived from the pass units added (a failed pass's
 * indicators as failed outcomes with its error). Outcomes of other units are kept.
 */
export function withIndicatorResults(outcomes: ReadonlyMap<string, UnitOutcome<unknown>>): Map<string, UnitOutcome<unknown>> {
  const result = new Map(outcomes);
  const views = new Map<PassName, PassView>();
  const failed = new Map<PassName, Error>();
  for (const pass of PASSES) {
    const outcome = outcomes.get(passUnitName(pass.name));
    if (!outcome) continue;
    if (outcome.ok && isPassView(outcome.value)) views.set(pass.name, outcome.value);
    else failed.set(pass.name, outcome.ok ? new Error(`${passUnitName(pass.name)}: not a pass view`) : outcome.error);
  }
  if (views.size === 0 && failed.size === 0) return result;
  for (const partial of INDICATOR_PARTIALS) {
    const view = views.get(partial.pass);
    const error = failed.get(partial.pass);
    if (view) {
      const counts: IndicatorCountsResult = { kind: 'indicator_counts', ...indicatorCounts(partial, view), weeklyComplete: true };
      result.set(indicatorUnitName(partial.indicator), { ok: true, value: counts });
    } else if (error) result.set(indicatorUnitName(partial.indicator), { ok: false, error });
  }
  const alerts = views.get('alerts');
  const alertsError = failed.get('alerts');
  if (alerts) result.set(ACK_SECONDS_RESULT_NAME, { ok: true, value: { kind: 'ack_seconds', rows: ackSeconds(alerts) } satisfies AckSecondsResult });
  else if (alertsError) result.set(ACK_SECONDS_RESULT_NAME, { ok: false, error: alertsError });
  result.set(SKIPPED_ROWS_RESULT_NAME, { ok: true, value: { kind: 'skipped_rows', skipped: skippedRows(views) } satisfies SkippedRowsResult });
  return result;
}
