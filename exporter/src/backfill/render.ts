/**
 * A location's history as the exporter would have published it at each hour: the same
 * families, names, labels and rules as indicators/collector.ts and engine/domain-phase.ts
 * (ratio, numerator and denominator absent when suppressed; status only for the window of
 * the phase in force; thresholds of that phase; phase as 1/0 per phase; streak).
 */
import { INDICATORS } from '../indicators/index.ts';
import type { IndicatorSettings } from '../indicators/settings.ts';
import { isSuppressed, statusOf } from '../phase/status.ts';
import {
  GOVERNANCE_PHASE,
  GOVERNANCE_STREAK,
  INDICATOR_DENOMINATOR,
  INDICATOR_NUMERATOR,
  INDICATOR_RATIO,
  INDICATOR_STATUS,
  INDICATOR_SUPPRESSED,
  INDICATOR_THRESHOLD_RATIO,
  type MetricDefinition,
} from '../shared/metrics.ts';
import { GOVERNANCE_PHASES, ROLLING_WINDOWS, windowOfPhase } from '../shared/windows.ts';
import type { LocationHistory } from './location.ts';
import { labelText, type BackfillOutput, type Sample } from './openmetrics.ts';

/** The families a backfill writes, in the order of the file. */
export const BACKFILL_FAMILIES: readonly MetricDefinition[] = Object.freeze([
  INDICATOR_RATIO,
  INDICATOR_NUMERATOR,
  INDICATOR_DENOMINATOR,
  INDICATOR_SUPPRESSED,
  INDICATOR_STATUS,
  INDICATOR_THRESHOLD_RATIO,
  GOVERNANCE_PHASE,
  GOVERNANCE_STREAK,
]);

/** Value at hour index i, or undefined when the exporter would not have published the sample. */
type ValueAt = (index: number) => number | undefined;

interface Series {
  definition: MetricDefinition;
  labels: Record<string, string>;
  value: ValueAt;
}

function samplesOf(history: LocationHistory, value: ValueAt): Sample[] {
  const { first, last } = history.plan.hours;
  const samples: Sample[] = [];
  for (let index = 0; index <= last - first; index += 1) {
    const sample = value(index);
    if (sample !== undefined) samples.push({ value: sample, seconds: (first + index) * 3600 });
  }
  return samples;
}

function indicatorSeries(history: LocationHistory, settings: IndicatorSettings): Series[] {
  const location = history.plan.location.locationId;
  const phaseAt = (index: number) => GOVERNANCE_PHASES[history.phase[index] ?? 0] ?? 'weekly';
  const series: Series[] = [];
  for (const indicator of INDICATORS) {
    const rolling = history.rolling.get(indicator.name);
    const thresholds = settings.thresholds[indicator.name];
    if (!rolling || !thresholds) continue;
    for (const window of ROLLING_WINDOWS) {
      const { numerator, denominator } = rolling[window.label];
      const labels = { indicator: indicator.name, location, window: window.label };
      const shown = (index: number): boolean => !isSuppressed({ numerator: 0, denominator: denominator[index] ?? 0 }, settings.minCohort);
      const ratio = (index: number) => (numerator[index] ?? 0) / (denominator[index] ?? 1);
      series.push(
        { definition: INDICATOR_RATIO, labels, value: (i) => (shown(i) ? ratio(i) : undefined) },
        { definition: INDICATOR_NUMERATOR, labels, value: (i) => (shown(i) ? numerator[i] : undefined) },
        { definition: INDICATOR_DENOMINATOR, labels, value: (i) => (shown(i) ? denominator[i] : undefined) },
        { definition: INDICATOR_SUPPRESSED, labels, value: (i) => (shown(i) ? 0 : 1) },
        {
          definition: INDICATOR_STATUS,
          labels,
          value: (i) => (shown(i) && windowOfPhase(phaseAt(i)) === window.label ? statusOf(ratio(i), indicator.direction, thresholds[phaseAt(i)]) : undefined),
        },
      );
    }
    for (const level of ['target', 'critical'] as const) {
      series.push({
        definition: INDICATOR_THRESHOLD_RATIO,
        labels: { indicator: indicator.name, location, level },
        value: (i) => thresholds[phaseAt(i)][level],
      });
    }
  }
  return series;
}

function phaseSeries(history: LocationHistory): Series[] {
  const location = history.plan.location.locationId;
  return [
    ...GOVERNANCE_PHASES.map((phase, p) => ({
      definition: GOVERNANCE_PHASE,
      labels: { location, phase },
      value: (i: number) => (history.phase[i] === p ? 1 : 0),
    })),
    { definition: GOVERNANCE_STREAK, labels: { location }, value: (i: number) => history.streak[i] },
  ];
}

/** Appends every series of the location to its family in the output. */
export async function writeLocation(output: BackfillOutput, history: LocationHistory, settings: IndicatorSettings): Promise<void> {
  for (const series of [...indicatorSeries(history, settings), ...phaseSeries(history)]) {
    await output.addSeries(series.definition, `${series.definition.name}${labelText(series.definition, series.labels)}`, samplesOf(history, series.value));
  }
}
