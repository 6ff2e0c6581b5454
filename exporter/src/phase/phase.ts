import type { Direction, GovernancePhase, IndicatorThresholds } from '../indicators/types.ts';
import { daysBetween } from '../engine/domain-time.ts';
import { GREEN, RED, isSuppressed, statusOf, type Counts, type Status } from './status.ts';

/** One complete calendar week of one location: counts per core indicator (missing = nothing in it). */
export interface WeekCounts {
  /** Local date of the week's Monday. */
  monday: string;
  byIndicator: ReadonlyMap<string, Counts>;
}

export interface CoreIndicator {
  name: string;
  direction: Direction;
  thresholds: IndicatorThresholds;
}

export interface PhaseRules {
  core: readonly CoreIndicator[];
  minCohort: number;
  /** N consecutive complete weeks on target needed to move to monthly. */
  weeksOnTargetForMonthly: number;
  minWeeksSinceGoLiveForMonthly: number;
}

export interface PhaseInput {
  goLiveDate: string;
  /** Complete calendar weeks since go-live, oldest first. */
  weeks: readonly WeekCounts[];
  pin?: GovernancePhase | undefined;
}

export interface PhaseResult {
  phase: GovernancePhase;
  /** Consecutive most recent complete weeks with every judged core indicator on target. */
  weeksOnTarget: number;
}

export interface WeekJudgement {
  onTarget: boolean;
  anyRed: boolean;
}

/** One core indicator in one week: its status, or `suppressed` (too few items to judge). */
export interface IndicatorVerdict {
  name: string;
  status: Status | 'suppressed';
}

export interface WeekJudgementDetail extends WeekJudgement {
  indicators: IndicatorVerdict[];
}

/**
 * Judges one week against the thresholds of the phase in force during it. A core
 * indicator suppressed that week (denominator below the minimum cohort) is not
 * judged: too few items to say anything, so it neither breaks nor earns a streak
 * and is never red. A week in which every core indicator is suppressed has no
 * evidence and is not on target.
 */
export function judgeWeekDetail(week: WeekCounts, phase: GovernancePhase, rules: PhaseRules): WeekJudgementDetail {
  const indicators: IndicatorVerdict[] = rules.core.map((indicator) => {
    const counts = week.byIndicator.get(indicator.name) ?? { numerator: 0, denominator: 0 };
    if (isSuppressed(counts, rules.minCohort)) return { name: indicator.name, status: 'suppressed' };
    return { name: indicator.name, status: statusOf(counts.numerator / counts.denominator, indicator.direction, indicator.thresholds[phase]) };
  });
  const judged = indicators.filter((verdict) => verdict.status !== 'suppressed');
  return {
    onTarget: judged.length > 0 && judged.every((verdict) => verdict.status === GREEN),
    anyRed: judged.some((verdict) => verdict.status === RED),
    indicators,
  };
}

/** judgeWeekDetail without the per-indicator verdicts. */
export function judgeWeek(week: WeekCounts, phase: GovernancePhase, rules: PhaseRules): WeekJudgement {
  const { onTarget, anyRed } = judgeWeekDetail(week, phase, rules);
  return { onTarget, anyRed };
}

/** One complete week of the replay: the phase it was judged in, the verdict, and what followed. */
export interface TimelineWeek {
  /** Local date of the week's Monday. */
  monday: string;
  /** The phase in force during the week (its thresholds judged it). */
  phase: GovernancePhase;
  judgement: WeekJudgementDetail;
  /** Consecutive weeks on target up to and including this one. */
  streak: number;
  /** The phase from the end of this week on. */
  phaseAfter: GovernancePhase;
  /** Set when this week's judgement changed the phase. */
  change?: 'to_monthly' | 'to_weekly';
}

/**
 * Replays the governance rule over the weekly history, week by week, so the result
 * follows from the database alone (a restart changes nothing): a location starts in
 * weekly at go-live; it moves to monthly at the end of a week once it has N
 * consecutive weeks on target and at least minWeeks weeks have passed since go-live
 * (counted to the end of that week); it returns to weekly at the end of a week in
 * which any core indicator is red. A pin fixes the phase (and so the thresholds
 * weeks are judged by). governancePhase is the last step of this replay, so the
 * evidence pack's timeline and the published phase cannot disagree.
 */
export function governanceTimeline(input: PhaseInput, rules: PhaseRules): TimelineWeek[] {
  let phase: GovernancePhase = input.pin ?? 'weekly';
  let streak = 0;
  return input.weeks.map((week): TimelineWeek => {
    const judgement = judgeWeekDetail(week, phase, rules);
    const during = phase;
    streak = judgement.onTarget ? streak + 1 : 0;
    let change: TimelineWeek['change'];
    if (!input.pin) {
      const weekEnd = daysBetween(input.goLiveDate, week.monday) + 7;
      if (phase === 'weekly' && streak >= rules.weeksOnTargetForMonthly && weekEnd >= 7 * rules.minWeeksSinceGoLiveForMonthly) {
        phase = 'monthly';
        change = 'to_monthly';
      } else if (phase === 'monthly' && judgement.anyRed) {
        phase = 'weekly';
        change = 'to_weekly';
      }
    }
    return { monday: week.monday, phase: during, judgement, streak, phaseAfter: phase, ...(change ? { change } : {}) };
  });
}

export function governancePhase(input: PhaseInput, rules: PhaseRules): PhaseResult {
  const last = governanceTimeline(input, rules).at(-1);
  return last ? { phase: last.phaseAfter, weeksOnTarget: last.streak } : { phase: input.pin ?? 'weekly', weeksOnTarget: 0 };
}
