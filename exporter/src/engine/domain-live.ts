/**
 * The safety lane's families: the live gauges on-call leads are paged on (from the
 * live units and the locations alone), and the configured targets the alert rules
 * quote. A failed live unit's gauge is absent, never zeros or stale values.
 */
import type { IndicatorSettings } from '../indicators/settings.ts';
import { ALERT_SEVERITIES } from '../indicators/settings.ts';
import {
  ALERT_ACK_TARGET_SECONDS,
  ALERTS_UNACKNOWLEDGED,
  SHIFT_ACTIVITY_GRACE_SECONDS,
  SHIFTS_WITHOUT_ACTIVITY,
  TASK_TOLERANCE_DEFAULT_SECONDS,
  TASK_TOLERANCE_SECONDS,
  TASKS_OVERDUE,
} from '../shared/metrics.ts';
import { isDomainResult } from './domain-results.ts';
import type { LiveCountsResult } from './live-gauges.ts';
import { family, type MetricFamily, type Sample, type UnitContext, type UnitOutcome } from './types.ts';

type Outcomes = ReadonlyMap<string, UnitOutcome<unknown>>;
type LiveGauge = typeof ALERTS_UNACKNOWLEDGED; // the three live gauges share one definition type

const LIVE_GAUGES: Readonly<Record<LiveCountsResult['gauge'], LiveGauge>> = {
  alerts_unacknowledged: ALERTS_UNACKNOWLEDGED,
  tasks_overdue: TASKS_OVERDUE,
  shifts_without_activity: SHIFTS_WITHOUT_ACTIVITY,
};

/** One gauge per location (and severity for alerts), 0 where the query found nothing. */
function liveFamily(outcomes: Outcomes, context: UnitContext<IndicatorSettings>, gauge: LiveCountsResult['gauge']): MetricFamily {
  const outcome = outcomes.get(`live_${gauge}`);
  const samples: Sample[] = [];
  if (outcome?.ok && isDomainResult(outcome.value) && outcome.value.kind === 'live_counts') {
    const value = new Map(outcome.value.counts.map((count) => [`${count.locationId}\u0000${count.severity ?? ''}`, count.value]));
    for (const location of context.locations) {
      const severities = gauge === 'alerts_unacknowledged' ? ALERT_SEVERITIES : [''];
      for (const severity of severities) {
        const labels: Record<string, string> = severity ? { location: location.locationId, severity } : { location: location.locationId };
        samples.push({ labels, value: value.get(`${location.locationId}\u0000${severity}`) ?? 0 });
      }
    }
  }
  return family(LIVE_GAUGES[gauge], samples);
}

/**
 * The configured targets the alert rules quote in their descriptions (acknowledgement targets,
 * task tolerances, the shift activity grace), so a description never states a default that
 * configuration changed. Published with the live gauges, whatever the database answered.
 */
function targetFamilies(settings: IndicatorSettings): MetricFamily[] {
  return [
    family(
      ALERT_ACK_TARGET_SECONDS,
      ALERT_SEVERITIES.map((severity) => ({ labels: { severity }, value: settings.alertAckTargetSeconds[severity] })),
    ),
    family(
      TASK_TOLERANCE_SECONDS,
      Object.entries(settings.taskTolerance.byCategory).map(([category, minutes]) => ({ labels: { category }, value: minutes * 60 })),
    ),
    family(TASK_TOLERANCE_DEFAULT_SECONDS, [{ labels: {}, value: settings.taskTolerance.defaultMinutes * 60 }]),
    family(SHIFT_ACTIVITY_GRACE_SECONDS, [{ labels: {}, value: settings.shiftWithoutActivityMinutes * 60 }]),
  ];
}

/** The live safety gauges and the targets; empty families are left out. */
export function assembleLiveFamilies(outcomes: Outcomes, context: UnitContext<IndicatorSettings>): MetricFamily[] {
  const live = (['alerts_unacknowledged', 'tasks_overdue', 'shifts_without_activity'] as const).map((gauge) => liveFamily(outcomes, context, gauge));
  return [...live, ...targetFamilies(context.settings)].filter((candidate) => candidate.samples.length > 0);
}
