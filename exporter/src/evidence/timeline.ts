/**
 * The governance timeline of one location (pure): the weekly replay of the phase
 * rule (phase/phase.ts, the same function the published phase comes from), the
 * panel's review periods cut from it, and reviews held against reviews due.
 */
import { REVIEW_DUE_DAYS } from '../governance/measures/governance-reviews.ts';
import type { WindowCount } from '../engine/domain-units.ts';
import { addDays, completeWeeksSince, startOfLocalDay, type CalendarWeek } from '../engine/domain-time.ts';
import type { LocationInfo } from '../engine/types.ts';
import type { IndicatorSettings } from '../indicators/settings.ts';
import type { GovernancePhase } from '../indicators/types.ts';
import { INDICATORS } from '../indicators/index.ts';
import { governanceTimeline, type PhaseRules, type TimelineWeek } from '../phase/phase.ts';
import { buildPeriods, type PhaseSample } from '../shared/review-periods.ts';
import type { OverdueStretch, PhaseChange, ReviewPeriod, ReviewPeriodCheck } from './model.ts';

export function phaseRules(settings: IndicatorSettings): PhaseRules {
  const core = INDICATORS.filter((indicator) => settings.coreIndicators.includes(indicator.name)).flatMap((indicator) => {
    const thresholds = settings.thresholds[indicator.name];
    return thresholds ? [{ name: indicator.name, direction: indicator.direction, thresholds }] : [];
  });
  return {
    core,
    minCohort: settings.minCohort,
    weeksOnTargetForMonthly: settings.weeksOnTargetForMonthly,
    minWeeksSinceGoLiveForMonthly: settings.minWeeksSinceGoLiveForMonthly,
  };
}

/** Complete calendar weeks from go-live that ended by `ends` (the weeks the rule judges). */
export function judgedWeeks(location: LocationInfo, ends: Date): CalendarWeek[] {
  return completeWeeksSince(location.goLiveDate, location.timezone, ends);
}

/** Replays the rule over the weeks; `countsOf(indicator, monday)` gives each week's counts. */
export function replay(
  location: LocationInfo,
  weeks: readonly CalendarWeek[],
  settings: IndicatorSettings,
  countsOf: (indicator: string, monday: string) => WindowCount | undefined,
): TimelineWeek[] {
  const rules = phaseRules(settings);
  const weekCounts = weeks.map((week) => ({
    monday: week.monday,
    byIndicator: new Map(
      rules.core.flatMap((indicator) => {
        const counts = countsOf(indicator.name, week.monday);
        return counts ? [[indicator.name, counts] as const] : [];
      }),
    ),
  }));
  return governanceTimeline({ goLiveDate: location.goLiveDate, weeks: weekCounts, pin: settings.phasePins[location.locationId] }, rules);
}

/** The phase in force over time, as the panel reads it from ecm_adoption_governance_phase. */
export function phaseSamples(location: LocationInfo, timeline: readonly TimelineWeek[], pin: GovernancePhase | undefined): PhaseSample[] {
  const samples: PhaseSample[] = [{ t: 0, phase: timeline[0]?.phase ?? pin ?? 'weekly' }];
  for (const week of timeline) {
    samples.push({ t: startOfLocalDay(week.monday, location.timezone).getTime(), phase: week.phase });
    samples.push({ t: startOfLocalDay(addDays(week.monday, 7), location.timezone).getTime(), phase: week.phaseAfter });
  }
  return samples;
}

/** The panel's review periods over [periodsStart, ends): weeks while weekly, calendar months while monthly. */
export function reviewPeriods(location: LocationInfo, samples: PhaseSample[], periodsStart: Date, ends: Date): ReviewPeriod[] {
  return buildPeriods({
    from: periodsStart.getTime(),
    to: ends.getTime(),
    now: ends.getTime(),
    timeZone: location.timezone,
    mode: 'auto',
    phases: samples,
  }).map((slot) => ({
    start: new Date(slot.start),
    // The last period may run past the end of the range: it is counted up to the end only.
    end: new Date(Math.min(slot.end, ends.getTime())),
    kind: slot.kind,
    phase: slot.phase,
    label: slot.label,
    complete: slot.complete,
    phaseChanged: slot.phaseChanged,
  }));
}

export function phaseChanges(timeline: readonly TimelineWeek[]): PhaseChange[] {
  return timeline.flatMap((week): PhaseChange[] =>
    week.change
      ? [
          {
            causeMonday: week.monday,
            effectiveFrom: addDays(week.monday, 7),
            to: week.phaseAfter,
            streak: week.streak,
            redIndicators: week.judgement.indicators.filter((verdict) => verdict.status === 2).map((verdict) => verdict.name),
          },
        ]
      : [],
  );
}

/** Reviews covering the location (its own and organisation-wide) held in each review period. */
export function reviewChecks(periods: readonly ReviewPeriod[], reviewTimes: readonly Date[]): ReviewPeriodCheck[] {
  return periods.map((period) => ({
    label: period.label,
    kind: period.kind,
    start: period.start,
    end: period.end,
    phase: period.phase,
    complete: period.complete,
    held: reviewTimes.filter((time) => time >= period.start && time < period.end).length,
  }));
}

function phaseAt(samples: readonly PhaseSample[], t: number): GovernancePhase {
  let found = samples[0]?.phase ?? 'weekly';
  for (const sample of samples) if (sample.t <= t) found = sample.phase;
  return found;
}

/**
 * Stretches in [starts, ends) during which the latest review (or go-live) was older
 * than the interval due in the phase in force at that moment (7 days weekly, 31
 * monthly): the rule of ecm_adoption_governance_review_overdue, replayed over time.
 */
export function overdueStretches(options: {
  goLive: Date;
  reviewTimes: readonly Date[];
  samples: readonly PhaseSample[];
  starts: Date;
  ends: Date;
}): OverdueStretch[] {
  const { samples, starts, ends } = options;
  const anchors = [options.goLive.getTime(), ...options.reviewTimes.map((time) => time.getTime()).filter((t) => t >= options.goLive.getTime())].sort(
    (a, b) => a - b,
  );
  const cuts = samples.map((sample) => sample.t);
  const stretches: Array<{ from: number; to: number }> = [];
  anchors.forEach((anchor, index) => {
    const next = Math.min(anchors[index + 1] ?? Number.POSITIVE_INFINITY, ends.getTime());
    // Pieces of constant phase between this anchor and the next review.
    const edges = [anchor, ...cuts.filter((t) => t > anchor && t < next), next];
    for (let i = 0; i + 1 < edges.length; i += 1) {
      const pieceStart = edges[i] ?? anchor;
      const pieceEnd = edges[i + 1] ?? next;
      const due = anchor + REVIEW_DUE_DAYS[phaseAt(samples, pieceStart)] * 86_400_000;
      const from = Math.max(pieceStart, due, starts.getTime());
      if (from < pieceEnd) stretches.push({ from, to: pieceEnd });
    }
  });
  const merged: Array<{ from: number; to: number }> = [];
  for (const stretch of stretches) {
    const last = merged.at(-1);
    if (last && stretch.from <= last.to) last.to = Math.max(last.to, stretch.to);
    else merged.push({ ...stretch });
  }
  return merged.map((stretch) => ({ from: new Date(stretch.from), to: new Date(stretch.to), open: stretch.to >= ends.getTime() }));
}
