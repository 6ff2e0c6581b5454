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
import { startOfLocalDay } from './domain-time.ts';
import type { LiveCountsResult } from './live-gauges.ts';
import type { DomainResult } from './domain-results.ts';
import { isDomainResult } from './domain-results.ts';
import type { LocationInfo, MetricFamily, Sample, SkippedRows, UnitContext, UnitOutcome } from './types.ts';
import { indicatorUnitName, LOCATIONS_UNIT_NAME, weeklyWindows, type WindowCount } from './domain-units.ts';

type Outcomes = ReadonlyMap<string, UnitOutcome<unknown>>;

function succeeded(outcomes: Outcomes, name: string): DomainResult | undefined {
  const outcome = outcomes.get(name);
  if (!outcome || !outcome.ok || !isDomainResult(outcome.value)) return undefined;
  return outcome.value;
}

function family(name: string, help: string, samples: Sample[]): MetricFamily {
  return { name: `ecm_adoption_${name}`, help, type: 'gauge', samples };
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

function indicatorFamilies(outcomes: Outcomes, context: UnitContext<IndicatorSettings>, phaseOf: ReturnType<typeof phases>): MetricFamily[] {
  const ratio: Sample[] = [];
  const numerator: Sample[] = [];
  const denominator: Sample[] = [];
  const suppressed: Sample[] = [];
  const status: Sample[] = [];
  const threshold: Sample[] = [];
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
      if (phase && thresholds && counts.window === (phase === 'weekly' ? '7d' : '28d')) {
        status.push({ labels, value: statusOf(value, indicator.direction, thresholds[phase]) });
      }
    }
  }
  return [
    family('indicator_ratio', 'Indicator value (numerator / denominator), 0..1, per location and rolling window; absent when suppressed.', ratio),
    family('indicator_numerator', 'Items meeting the indicator in the window; absent when suppressed.', numerator),
    family('indicator_denominator', 'Items judged by the indicator in the window; absent when suppressed.', denominator),
    family('indicator_suppressed', '1 when the window has fewer items than the minimum cohort, so nothing else is published for it.', suppressed),
    family('indicator_status', 'Status in the window of the current governance phase (7d weekly, 28d monthly): 0 green, 1 amber, 2 red.', status),
    family('indicator_threshold_ratio', 'Threshold in force for the location in its current governance phase, by level (target, critical).', threshold),
  ];
}

function liveFamily(outcomes: Outcomes, context: UnitContext<IndicatorSettings>, gauge: LiveCountsResult['gauge'], help: string): MetricFamily {
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
  return family(gauge, help, samples);
}

function ackSecondsFamily(outcomes: Outcomes, context: UnitContext<IndicatorSettings>): MetricFamily {
  const result = succeeded(outcomes, 'alert_acknowledgement_seconds');
  const samples: Sample[] = [];
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
  return {
    ...family(
      'alert_acknowledgement_seconds',
      'Seconds from raised to acknowledged of alerts raised in the window, by quantile; absent below the minimum cohort.',
      samples,
    ),
    type: 'summary',
  };
}

function skippedFamily(outcomes: Outcomes): MetricFamily {
  const skipped: SkippedRows[] = [];
  for (const name of [LOCATIONS_UNIT_NAME, 'rows_skipped']) {
    const result = succeeded(outcomes, name);
    if (result?.kind === 'locations' || result?.kind === 'skipped_rows') skipped.push(...result.skipped);
  }
  return family(
    'rows_skipped',
    'Rows skipped as invalid in the last refresh (NULL or inverted timestamps, unknown values), by table and reason.',
    skipped.map((row) => ({ labels: { table: row.table, reason: row.reason }, value: row.count })),
  );
}

function locationFamilies(context: UnitContext<IndicatorSettings>, phaseOf: ReturnType<typeof phases>): MetricFamily[] {
  const phase: Sample[] = [];
  const weeks: Sample[] = [];
  for (const location of context.locations) {
    const current = phaseOf.get(location.locationId);
    if (!current) continue;
    for (const candidate of ['weekly', 'monthly'] as const) {
      phase.push({ labels: { location: location.locationId, phase: candidate }, value: current.phase === candidate ? 1 : 0 });
    }
    if ('weeksOnTarget' in current) weeks.push({ labels: { location: location.locationId }, value: current.weeksOnTarget });
  }
  const goLive = context.locations.map((location: LocationInfo) => ({
    labels: { location: location.locationId },
    value: startOfLocalDay(location.goLiveDate, location.timezone).getTime() / 1000,
  }));
  return [
    family('governance_phase', "1 for the location's current governance phase (weekly or monthly), 0 for the other.", phase),
    family('weeks_on_target', 'Consecutive most recent complete calendar weeks with every core indicator on target.', weeks),
    family('go_live_timestamp_seconds', 'Go-live of the location: start of its go-live date in its timezone, Unix seconds.', goLive),
  ];
}

/** The live safety gauges: what on-call leads are paged on, from the live units and the locations alone. */
export function assembleLiveFamilies(outcomes: Outcomes, context: UnitContext<IndicatorSettings>): MetricFamily[] {
  return [
    liveFamily(
      outcomes,
      context,
      'alerts_unacknowledged',
      'Alerts not acknowledged (nor resolved) past their target for their severity, raised in the live look-back.',
    ),
    liveFamily(outcomes, context, 'tasks_overdue', 'Tasks past due plus tolerance with no outcome recorded (not cancelled), due in the live look-back.'),
    liveFamily(outcomes, context, 'shifts_without_activity', 'Shifts in progress that started over 2 h ago with no digital activity by the rostered person.'),
  ].filter((candidate) => candidate.samples.length > 0);
}

/** Everything but the live gauges: indicators, phase, go-live, acknowledgement times, skipped rows. */
export function assembleHistoryFamilies(outcomes: Outcomes, context: UnitContext<IndicatorSettings>): MetricFamily[] {
  const phaseOf = phases(outcomes, context);
  const info = family(
    'indicator_info',
    'The indicators this exporter computes, with their title and direction; always 1.',
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
