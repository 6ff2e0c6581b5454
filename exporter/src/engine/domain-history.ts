/**
 * The history lane's families from one refresh's outcomes. The indicator engine runs
 * one unit per table pass (`indicators_tasks`, `indicators_care_notes`,
 * `indicators_alerts`, `indicators_shifts`: see incremental/engine.ts); each
 * indicator's collector (indicators/<name>.ts) reads its counts from its pass's view
 * and publishes its families. What is shared is added here: the phase, streak and
 * go-live per location (domain-phase.ts), the acknowledgement times and the rows
 * skipped as invalid.
 *
 * A failed pass fails the indicators it feeds: their counts are absent (never zeros
 * or the previous values), and so are the phases replayed from them; whatever can
 * still be derived from the passes that succeeded is published.
 */
import { INDICATORS } from '../indicators/index.ts';
import type { IndicatorSettings } from '../indicators/settings.ts';
import type { GovernancePhase } from '../shared/windows.ts';
import { ALERT_ACKNOWLEDGEMENT_SECONDS, ROWS_SKIPPED, type LabelName } from '../shared/metrics.ts';
import { locationFamilies, locationPhases } from './domain-phase.ts';
import { isDomainResult } from './domain-results.ts';
import { LOCATIONS_UNIT_NAME } from './domain-units.ts';
import { passUnitName, PASSES } from './incremental/engine.ts';
import type { PassName } from './incremental/pass-spec.ts';
import { ackSecondsSteps, indicatorCountSteps, skippedRows, type IndicatorCounts } from './incremental/results.ts';
import { runAtOnce, type Steps } from './slices.ts';
import type { PassView } from './incremental/state.ts';
import { ackSecondsUnit, type AckSeconds } from './live-gauges.ts';
import { family, type MetricFamily, type Sample, type UnitContext, type UnitOutcome } from './types.ts';

type Outcomes = ReadonlyMap<string, UnitOutcome<unknown>>;

const PASS_NAMES: ReadonlySet<string> = new Set(PASSES.map((pass) => pass.name));

function isPassView(value: unknown): value is PassView {
  return typeof value === 'object' && value !== null && 'pass' in value && typeof value.pass === 'string' && PASS_NAMES.has(value.pass) && 'report' in value;
}

/** The views of the passes that succeeded, and the names of those that ran at all. */
function passViews(outcomes: Outcomes): { views: Map<PassName, PassView>; ran: Set<PassName> } {
  const views = new Map<PassName, PassView>();
  const ran = new Set<PassName>();
  for (const pass of PASSES) {
    const outcome = outcomes.get(passUnitName(pass.name));
    if (!outcome) continue;
    ran.add(pass.name);
    if (outcome.ok && isPassView(outcome.value)) views.set(pass.name, outcome.value);
  }
  return { views, ran };
}

/** Each indicator's counts whose pass succeeded, by indicator name. */
export function countsByIndicator(views: ReadonlyMap<PassName, PassView>): Map<string, IndicatorCounts> {
  return runAtOnce(countsByIndicatorSteps(views));
}

function* countsByIndicatorSteps(views: ReadonlyMap<PassName, PassView>): Steps<Map<string, IndicatorCounts>> {
  const counts = new Map<string, IndicatorCounts>();
  for (const indicator of INDICATORS) {
    const view = views.get(indicator.partial.pass);
    if (view) counts.set(indicator.name, yield* indicatorCountSteps(indicator.partial, view));
  }
  return counts;
}

/** Every indicator's families, merged by family in the order the first indicator gives them. */
function indicatorFamilies(
  counts: ReadonlyMap<string, IndicatorCounts>,
  context: UnitContext<IndicatorSettings>,
  phases: ReadonlyMap<string, GovernancePhase>,
): MetricFamily[] {
  const merged = new Map<MetricFamily['definition'], MetricFamily>();
  for (const indicator of INDICATORS) {
    for (const published of indicator.publish(counts.get(indicator.name), { locations: context.locations, settings: context.settings, phases })) {
      const into = merged.get(published.definition);
      if (into) into.samples.push(...published.samples);
      else merged.set(published.definition, { ...published, samples: [...published.samples] });
    }
  }
  return [...merged.values()];
}

/**
 * p50 and p90 per location and rolling window, where at least minCohort alerts were acknowledged.
 * From the alerts pass when it ran (absent when it failed); else from the acknowledgement-time query, if run.
 */
function* ackSecondsFamily(outcomes: Outcomes, passes: ReturnType<typeof passViews>, context: UnitContext<IndicatorSettings>): Steps<MetricFamily> {
  let rows: AckSeconds[] = [];
  const alerts = passes.views.get('alerts');
  if (alerts) rows = yield* ackSecondsSteps(alerts);
  else if (!passes.ran.has('alerts')) {
    const outcome = outcomes.get(ackSecondsUnit.name);
    if (outcome?.ok && isDomainResult(outcome.value) && outcome.value.kind === 'ack_seconds') rows = outcome.value.rows;
  }
  const samples: Array<Sample<LabelName<typeof ALERT_ACKNOWLEDGEMENT_SECONDS>>> = [];
  for (const row of rows) {
    if (row.acknowledged < context.settings.minCohort) continue;
    for (const [quantile, value] of [
      ['0.5', row.p50],
      ['0.9', row.p90],
    ] as const) {
      if (value !== null) samples.push({ labels: { location: row.locationId, window: row.window, quantile }, value });
    }
  }
  // A summary of quantiles only (no _sum/_count): Prometheus' type for precomputed quantiles.
  return family(ALERT_ACKNOWLEDGEMENT_SECONDS, samples);
}

/** Rows skipped as invalid: the locations read's, then those of the passes that succeeded. */
function skippedFamily(outcomes: Outcomes, views: ReadonlyMap<PassName, PassView>): MetricFamily {
  const locations = outcomes.get(LOCATIONS_UNIT_NAME);
  const skipped = locations?.ok && isDomainResult(locations.value) && locations.value.kind === 'locations' ? [...locations.value.skipped] : [];
  skipped.push(...skippedRows(views));
  return family(
    ROWS_SKIPPED,
    skipped.map((row) => ({ labels: { table: row.table, reason: row.reason }, value: row.count })),
  );
}

/** Everything but the live gauges: indicators, phase, go-live, acknowledgement times, skipped rows. Empty families are left out. */
export function assembleHistoryFamilies(outcomes: Outcomes, context: UnitContext<IndicatorSettings>): MetricFamily[] {
  return runAtOnce(historyFamilySteps(outcomes, context));
}

/**
 * The same, a window of a location at a time: what the serving history lane runs, in
 * slices (see slices.ts), so that scrapes are answered while it assembles.
 */
export function* historyFamilySteps(outcomes: Outcomes, context: UnitContext<IndicatorSettings>): Steps<MetricFamily[]> {
  const passes = passViews(outcomes);
  const counts = yield* countsByIndicatorSteps(passes.views);
  const phaseOf = locationPhases(counts, context);
  yield;
  const phases = new Map([...phaseOf].map(([location, current]) => [location, current.phase]));
  const families = [...indicatorFamilies(counts, context, phases), ...locationFamilies(context, phaseOf)];
  yield;
  families.push(yield* ackSecondsFamily(outcomes, passes, context), skippedFamily(outcomes, passes.views));
  return families.filter((candidate) => candidate.samples.length > 0);
}
