/**
 * Turns unit outcomes into the domain's metric families. A failed unit's metrics
 * are simply absent (never zeros, never the previous values); whatever can still be
 * derived from the units that succeeded is published.
 */
import { INDICATORS } from '../indicators/index.ts';
import type { IndicatorSettings } from '../indicators/settings.ts';
import { ALERT_SEVERITIES } from '../indicators/settings.ts';
import type { GovernancePhase } from '../indicators/types.ts';
import { governancePhase, type PhaseResult, type WeekCounts } from '../phase/phase.ts';
import { isSuppressed, statusOf } from '../phase/status.ts';
import {
  ALERT_ACK_TARGET_SECONDS,
  ALERT_ACKNOWLEDGEMENT_SECONDS,
  ALERTS_UNACKNOWLEDGED,
  GO_LIVE_TIMESTAMP_SECONDS,
  GOVERNANCE_PHASE,
  GOVERNANCE_STREAK,
  INDICATOR_DENOMINATOR,
  INDICATOR_INFO,
  INDICATOR_NUMERATOR,
  INDICATOR_RATIO,
  INDICATOR_STATUS,
  INDICATOR_SUPPRESSED,
  INDICATOR_THRESHOLD_RATIO,
  ROWS_SKIPPED,
  SHIFT_ACTIVITY_GRACE_SECONDS,
  SHIFTS_WITHOUT_ACTIVITY,
  TASK_TOLERANCE_DEFAULT_SECONDS,
  TASK_TOLERANCE_SECONDS,
  TASKS_OVERDUE,
  type LabelName,
} from '../shared/metrics.ts';
import { GOVERNANCE_PHASES, windowOfPhase } from '../shared/windows.ts';
import { startOfLocalDay } from './domain-time.ts';
import type { LiveCountsResult } from './live-gauges.ts';
import type { DomainResult } from './domain-results.ts';
import { isDomainResult } from './domain-results.ts';
import { family, type LocationInfo, type MetricFamily, type Sample, type SkippedRows, type UnitContext, type UnitOutcome } from './types.ts';
import { indicatorUnitName, LOCATIONS_UNIT_NAME, weeklyWindows, type WindowCount } from './domain-units.ts';

type Outcomes = ReadonlyMap<string, UnitOutcome<unknown>>;

function succeeded(outcomes: Outcomes, name: string): DomainResult | undefined {
  const outcome = outcomes.get(name);
  if (!outcome || !outcome.ok || !isDomainResult(outcome.value)) return undefined;
  return outcome.value;
}

/** Phase per location: pinned, or replayed from the weekly history (absent when a core weekly unit failed). */
function phases(outcomes: Outcomes, context: UnitContext<IndicatorSettings>): Map<string, PhaseResult | { phase: GovernancePhase }> {
  const { settings } = context;
  const core = INDICATORS.filter((indicator) => settings.coreIndicators.includes(indicator.name)).flatMap((indicator) => {
    const thresholds = settings.thresholds[indicator.name];
    return thresholds ? [{ name: indicator.name, direction: indicator.direction, thresholds }] : [];
  });
  const history = new Map<string, Map<string, WindowCount>>(); // indicator -> "location\u0000week" -> counts
  let historyComplete = true;
  for (const indicator of core) {
    const result = succeeded(outcomes, indicatorUnitName(indicator.name));
    if (result?.kind !== 'indicator_counts' || !result.weeklyComplete) {
      historyComplete = false;
      continue;
    }
    history.set(indicator.name, new Map(result.weekly.map((count) => [`${count.locationId}\u0000${count.window}`, count])));
  }
  const result = new Map<string, PhaseResult | { phase: GovernancePhase }>();
  const weeks = weeklyWindows(context.locations, context.now);
  for (const location of context.locations) {
    const pin = settings.phasePins[location.locationId];
    if (!historyComplete) {
      if (pin) result.set(location.locationId, { phase: pin });
      continue;
    }
    const locationWeeks: WeekCounts[] = weeks
      .filter((week) => week.locationId === location.locationId)
      .map((week) => ({
        monday: week.label,
        byIndicator: new Map(
          core.flatMap((indicator) => {
            const counts = history.get(indicator.name)?.get(`${location.locationId}\u0000${week.label}`);
            return counts ? [[indicator.name, counts] as const] : [];
          }),
        ),
      }));
    result.set(
      location.locationId,
      governancePhase(
        { goLiveDate: location.goLiveDate, weeks: locationWeeks, pin },
        {
          core,
          minCohort: settings.minCohort,
          weeksOnTargetForMonthly: settings.weeksOnTargetForMonthly,
          minWeeksSinceGoLiveForMonthly: settings.minWeeksSinceGoLiveForMonthly,
        },
      ),
    );
  }
  return result;
}

type IndicatorLabels = Sample<LabelName<typeof INDICATOR_RATIO>>;

function indicatorFamilies(outcomes: Outcomes, context: UnitContext<IndicatorSettings>, phaseOf: ReturnType<typeof phases>): MetricFamily[] {
  const ratio: IndicatorLabels[] = [];
  const numerator: IndicatorLabels[] = [];
  const denominator: IndicatorLabels[] = [];
  const suppressed: IndicatorLabels[] = [];
  const status: IndicatorLabels[] = [];
  const threshold: Array<Sample<LabelName<typeof INDICATOR_THRESHOLD_RATIO>>> = [];
  const known = new Set(context.locations.map((location) => location.locationId));
  for (const indicator of INDICATORS) {
    const thresholds = context.settings.thresholds[indicator.name];
    for (const location of context.locations) {
      const phase = phaseOf.get(location.locationId)?.phase;
      if (phase && thresholds) {
        for (const level of ['target', 'critical'] as const) {
          threshold.push({ labels: { indicator: indicator.name, location: location.locationId, level }, value: thresholds[phase][level] });
        }
      }
    }
    const result = succeeded(outcomes, indicatorUnitName(indicator.name));
    if (result?.kind !== 'indicator_counts') continue;
    for (const counts of result.rolling) {
      if (!known.has(counts.locationId)) continue;
      const labels = { indicator: indicator.name, location: counts.locationId, window: counts.window };
      const hidden = isSuppressed(counts, context.settings.minCohort);
      suppressed.push({ labels, value: hidden ? 1 : 0 });
      if (hidden) continue;
      const value = counts.numerator / counts.denominator;
      ratio.push({ labels, value });
      numerator.push({ labels, value: counts.numerator });
      denominator.push({ labels, value: counts.denominator });
      const phase = phaseOf.get(counts.locationId)?.phase;
      if (phase && thresholds && counts.window === windowOfPhase(phase)) {
        status.push({ labels, value: statusOf(value, indicator.direction, thresholds[phase]) });
      }
    }
  }
  return [
    family(INDICATOR_RATIO, ratio),
    family(INDICATOR_NUMERATOR, numerator),
    family(INDICATOR_DENOMINATOR, denominator),
    family(INDICATOR_SUPPRESSED, suppressed),
    family(INDICATOR_STATUS, status),
    family(INDICATOR_THRESHOLD_RATIO, threshold),
  ];
}

type LiveGauge = typeof ALERTS_UNACKNOWLEDGED; // the three live gauges share one definition type
const LIVE_GAUGES: Readonly<Record<LiveCountsResult['gauge'], LiveGauge>> = {
  alerts_unacknowledged: ALERTS_UNACKNOWLEDGED,
  tasks_overdue: TASKS_OVERDUE,
  shifts_without_activity: SHIFTS_WITHOUT_ACTIVITY,
};

function liveFamily(outcomes: Outcomes, context: UnitContext<IndicatorSettings>, gauge: LiveCountsResult['gauge']): MetricFamily {
  const result = succeeded(outcomes, `live_${gauge}`);
  const samples: Sample[] = [];
  if (result?.kind === 'live_counts') {
    const value = new Map(result.counts.map((count) => [`${count.locationId}\u0000${count.severity ?? ''}`, count.value]));
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

function ackSecondsFamily(outcomes: Outcomes, context: UnitContext<IndicatorSettings>): MetricFamily {
  const result = succeeded(outcomes, 'alert_acknowledgement_seconds');
  const samples: Array<Sample<LabelName<typeof ALERT_ACKNOWLEDGEMENT_SECONDS>>> = [];
  if (result?.kind === 'ack_seconds') {
    for (const row of result.rows) {
      if (row.acknowledged < context.settings.minCohort) continue;
      for (const [quantile, value] of [
        ['0.5', row.p50],
        ['0.9', row.p90],
      ] as const) {
        if (value !== null) samples.push({ labels: { location: row.locationId, window: row.window, quantile }, value });
      }
    }
  }
  // A summary of quantiles only (no _sum/_count): Prometheus' type for precomputed quantiles.
  return family(ALERT_ACKNOWLEDGEMENT_SECONDS, samples);
}

function skippedFamily(outcomes: Outcomes): MetricFamily {
  const skipped: SkippedRows[] = [];
  for (const name of [LOCATIONS_UNIT_NAME, 'rows_skipped']) {
    const result = succeeded(outcomes, name);
    if (result?.kind === 'locations' || result?.kind === 'skipped_rows') skipped.push(...result.skipped);
  }
  return family(
    ROWS_SKIPPED,
    skipped.map((row) => ({ labels: { table: row.table, reason: row.reason }, value: row.count })),
  );
}

function locationFamilies(context: UnitContext<IndicatorSettings>, phaseOf: ReturnType<typeof phases>): MetricFamily[] {
  const phase: Array<Sample<LabelName<typeof GOVERNANCE_PHASE>>> = [];
  const streak: Array<Sample<LabelName<typeof GOVERNANCE_STREAK>>> = [];
  for (const location of context.locations) {
    const current = phaseOf.get(location.locationId);
    if (!current) continue;
    for (const candidate of GOVERNANCE_PHASES) {
      phase.push({ labels: { location: location.locationId, phase: candidate }, value: current.phase === candidate ? 1 : 0 });
    }
    if ('weeksOnTarget' in current) streak.push({ labels: { location: location.locationId }, value: current.weeksOnTarget });
  }
  const goLive = context.locations.map((location: LocationInfo) => ({
    labels: { location: location.locationId },
    value: startOfLocalDay(location.goLiveDate, location.timezone).getTime() / 1000,
  }));
  return [family(GOVERNANCE_PHASE, phase), family(GOVERNANCE_STREAK, streak), family(GO_LIVE_TIMESTAMP_SECONDS, goLive)];
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

/** The live safety gauges: what on-call leads are paged on, from the live units and the locations alone. */
export function assembleLiveFamilies(outcomes: Outcomes, context: UnitContext<IndicatorSettings>): MetricFamily[] {
  const live = (['alerts_unacknowledged', 'tasks_overdue', 'shifts_without_activity'] as const).map((gauge) => liveFamily(outcomes, context, gauge));
  return [...live, ...targetFamilies(context.settings)].filter((candidate) => candidate.samples.length > 0);
}

/** Everything but the live gauges: indicators, phase, go-live, acknowledgement times, skipped rows. */
export function assembleHistoryFamilies(outcomes: Outcomes, context: UnitContext<IndicatorSettings>): MetricFamily[] {
  const phaseOf = phases(outcomes, context);
  const info = family(
    INDICATOR_INFO,
    INDICATORS.map((indicator) => ({ labels: { indicator: indicator.name, title: indicator.title, direction: indicator.direction }, value: 1 })),
  );
  const families = [
    info,
    ...indicatorFamilies(outcomes, context, phaseOf),
    ...locationFamilies(context, phaseOf),
    ackSecondsFamily(outcomes, context),
    skippedFamily(outcomes),
  ];
  return families.filter((candidate) => candidate.samples.length > 0);
}

/** All domain families of one set of outcomes (both parts above). */
export function assembleDomainFamilies(outcomes: Outcomes, context: UnitContext<IndicatorSettings>): MetricFamily[] {
  return [...assembleHistoryFamilies(outcomes, context), ...assembleLiveFamilies(outcomes, context)];
}
