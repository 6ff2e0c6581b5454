/**
 * The collector every indicator file builds its definition with, as governance
 * measures use governanceUnit: the file gives its SQL, thresholds and partial reader,
 * and gets the families an indicator publishes, per location:
 *
 *   ecm_adoption_indicator_info{indicator,title,direction}          always
 *   ecm_adoption_indicator_threshold_ratio{indicator,location,level} where the location has a phase
 *   ecm_adoption_indicator_suppressed{indicator,location,window}     from its counts (7d, 28d)
 *   ecm_adoption_indicator_{ratio,numerator,denominator}{...}        from its counts, unless suppressed
 *   ecm_adoption_indicator_status{...}                               the window of the location's phase
 *
 * Its counts are undefined when its table pass failed: then the families from the
 * counts are absent (never zeros, never the previous values). Every family is
 * returned, empty or not, so the assembly can merge the indicators' families in a
 * fixed order; it leaves out the empty ones.
 */
import { isSuppressed, statusOf } from '../phase/status.ts';
import { family, type MetricFamily, type Sample } from '../engine/types.ts';
import type { IndicatorCounts } from '../engine/incremental/results.ts';
import {
  INDICATOR_DENOMINATOR,
  INDICATOR_INFO,
  INDICATOR_NUMERATOR,
  INDICATOR_RATIO,
  INDICATOR_STATUS,
  INDICATOR_SUPPRESSED,
  INDICATOR_THRESHOLD_RATIO,
  type LabelName,
} from '../shared/metrics.ts';
import { windowOfPhase } from '../shared/windows.ts';
import type { IndicatorContext, IndicatorDefinition, IndicatorSpec } from './types.ts';

type IndicatorLabels = Sample<LabelName<typeof INDICATOR_RATIO>>;

/** The families of one indicator, in the order of the exposition. */
function publish(spec: IndicatorSpec, counts: IndicatorCounts | undefined, context: IndicatorContext): MetricFamily[] {
  const { settings } = context;
  const thresholds = settings.thresholds[spec.name];
  const threshold: Array<Sample<LabelName<typeof INDICATOR_THRESHOLD_RATIO>>> = [];
  for (const location of context.locations) {
    const phase = context.phases.get(location.locationId);
    if (!phase || !thresholds) continue;
    for (const level of ['target', 'critical'] as const) {
      threshold.push({ labels: { indicator: spec.name, location: location.locationId, level }, value: thresholds[phase][level] });
    }
  }
  const ratio: IndicatorLabels[] = [];
  const numerator: IndicatorLabels[] = [];
  const denominator: IndicatorLabels[] = [];
  const suppressed: IndicatorLabels[] = [];
  const status: IndicatorLabels[] = [];
  const known = new Set(context.locations.map((location) => location.locationId));
  for (const window of counts?.rolling ?? []) {
    if (!known.has(window.locationId)) continue;
    const labels = { indicator: spec.name, location: window.locationId, window: window.window };
    const hidden = isSuppressed(window, settings.minCohort);
    suppressed.push({ labels, value: hidden ? 1 : 0 });
    if (hidden) continue;
    const value = window.numerator / window.denominator;
    ratio.push({ labels, value });
    numerator.push({ labels, value: window.numerator });
    denominator.push({ labels, value: window.denominator });
    const phase = context.phases.get(window.locationId);
    if (phase && thresholds && window.window === windowOfPhase(phase)) {
      status.push({ labels, value: statusOf(value, spec.direction, thresholds[phase]) });
    }
  }
  return [
    family(INDICATOR_INFO, [{ labels: { indicator: spec.name, title: spec.title, direction: spec.direction }, value: 1 }]),
    family(INDICATOR_RATIO, ratio),
    family(INDICATOR_NUMERATOR, numerator),
    family(INDICATOR_DENOMINATOR, denominator),
    family(INDICATOR_SUPPRESSED, suppressed),
    family(INDICATOR_STATUS, status),
    family(INDICATOR_THRESHOLD_RATIO, threshold),
  ];
}

/** An indicator's definition with the families it publishes. */
export function indicatorCollector(spec: IndicatorSpec): IndicatorDefinition {
  return { ...spec, publish: (counts, context) => publish(spec, counts, context) };
}
