/**
 * One location's evidence from the counts and records read (pure): the monitoring
 * plan, the governance timeline, a value per review period per indicator, the
 * findings and the summary.
 */
import type { WindowCount, WindowSpec } from '../engine/domain-units.ts';
import { localDate, startOfLocalDay } from '../engine/domain-time.ts';
import type { LocationInfo } from '../engine/types.ts';
import { INDICATORS } from '../indicators/index.ts';
import type { IndicatorSettings } from '../indicators/settings.ts';
import { isSuppressed, statusOf } from '../phase/status.ts';
import type { TimelineWeek } from '../phase/phase.ts';
import type { PhaseSample } from '../shared/review-periods.ts';
import { locationFindings, reviewTimes } from './findings.ts';
import type { GovernanceRecords } from './governance-read.ts';
import { countKey } from './history.ts';
import type { IndicatorHistory, LocationEvidence, PeriodValue, PlanIndicator, ReviewPeriod } from './model.ts';
import type { ResolvedPeriod } from './request.ts';
import { buildSummary } from './summary.ts';
import { overdueStretches, phaseChanges, reviewChecks } from './timeline.ts';

export type OkPeriod = Extract<ResolvedPeriod, { ok: true }>;
/** indicator name -> countKey(location, label) -> counts */
export type CountsByIndicator = ReadonlyMap<string, ReadonlyMap<string, WindowCount>>;

export function monitoringPlan(settings: IndicatorSettings): PlanIndicator[] {
  return INDICATORS.flatMap((indicator) => {
    const thresholds = settings.thresholds[indicator.name];
    if (!thresholds) return [];
    const { name, title, direction, description } = indicator;
    return [{ name, title, direction, description, core: settings.coreIndicators.includes(name), thresholds }];
  });
}

/**
 * The window a review period's value is counted over, and its label: a whole week
 * judged by the rule reuses that week's counts (labelled by its Monday); any other
 * period (a month, or the last period cut at the end of the range) is a window of its own.
 */
export function periodWindow(location: LocationInfo, period: ReviewPeriod): WindowSpec {
  const monday = localDate(period.start, location.timezone);
  const wholeWeek = period.kind === 'week' && period.complete && startOfLocalDay(monday, location.timezone).getTime() === period.start.getTime();
  const label = wholeWeek ? monday : `${period.start.toISOString()}/${period.end.toISOString()}`;
  return { locationId: location.locationId, label, starts: period.start, ends: period.end };
}

function periodValues(
  location: LocationInfo,
  plan: PlanIndicator,
  periods: readonly ReviewPeriod[],
  counts: CountsByIndicator,
  minCohort: number,
): PeriodValue[] {
  return periods.map((period) => {
    const thresholds = plan.thresholds[period.phase];
    const window = periodWindow(location, period);
    const found = counts.get(plan.name)?.get(countKey(location.locationId, window.label)) ?? { numerator: 0, denominator: 0 };
    if (isSuppressed(found, minCohort)) return { period, thresholds };
    const value = found.numerator / found.denominator;
    return { period, thresholds, numerator: found.numerator, denominator: found.denominator, value, status: statusOf(value, plan.direction, thresholds) };
  });
}

export interface LocationInputs {
  location: LocationInfo;
  period: OkPeriod;
  settings: IndicatorSettings;
  timeline: TimelineWeek[];
  samples: PhaseSample[];
  periods: ReviewPeriod[];
  counts: CountsByIndicator;
  records: GovernanceRecords;
}

export function assembleLocation(inputs: LocationInputs): LocationEvidence {
  const { location, period, settings, timeline, samples, periods, counts, records } = inputs;
  const plan = monitoringPlan(settings);
  const indicators: IndicatorHistory[] = plan.map((indicator) => ({
    indicator,
    values: periodValues(location, indicator, periods, counts, settings.minCohort),
  }));
  const reviews = reviewTimes(records, location);
  const pinned = settings.phasePins[location.locationId];
  const view = {
    goLiveDate: location.goLiveDate,
    ...(pinned ? { pinned } : {}),
    weeks: timeline,
    changes: phaseChanges(timeline),
    currentPhase: timeline.at(-1)?.phaseAfter ?? pinned ?? 'weekly',
    reviews: records.present ? reviewChecks(periods, reviews) : [],
    overdue: records.present
      ? overdueStretches({
          goLive: startOfLocalDay(location.goLiveDate, location.timezone),
          reviewTimes: reviews,
          samples,
          starts: period.periodsStart,
          ends: period.ends,
        })
      : [],
  };
  const findings = locationFindings(records, { location, starts: period.starts, ends: period.ends, minCohort: settings.minCohort });
  const summary = buildSummary({ timezone: location.timezone, indicators, timeline: view, findings, starts: period.starts, ends: period.ends });
  return {
    kind: 'evidence',
    location,
    period: { from: period.from, to: period.to, starts: period.starts, ends: period.ends, notes: period.notes },
    plan,
    timeline: view,
    periods,
    indicators,
    findings,
    summary,
  };
}
