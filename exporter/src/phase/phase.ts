import type { Direction, GovernancePhase, IndicatorThresholds } from '../indicators/types.ts';
import { daysBetween } from '../engine/domain-time.ts';
import { GREEN, RED, isSuppressed, statusOf, type Counts } from './status.ts';

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

/**
 * Judges one week against the thresholds of the phase in force during it. A core
 * indicator suppressed that week (denominator below the minimum cohort) is not
 * judged: too few items to say anything, so it neither breaks nor earns a streak
 * and is never red. A week in which every core indicator is suppressed has no
 * evidence and is not on target.
 */
export function judgeWeek(week: WeekCounts, phase: GovernancePhase, rules: PhaseRules): WeekJudgement {
  let judged = 0;
  let allGreen = true;
  let anyRed = false;
  for (const indicator of rules.core) {
    const counts = week.byIndicator.get(indicator.name) ?? { numerator: 0, denominator: 0 };
    if (isSuppressed(counts, rules.minCohort)) continue;
    const status = statusOf(counts.numerator / counts.denominator, indicator.direction, indicator.thresholds[phase]);
    judged += 1;
    if (status !== GREEN) allGreen = false;
    if (status === RED) anyRed = true;
  }
  return { onTarget: judged > 0 && allGreen, anyRed };
}

/**
 * Replays the governance rule over the weekly history, so the result follows from
 * the database alone (a restart changes nothing): a location starts in weekly at
 * go-live; it moves to monthly at the end of a week once it has N consecutive weeks
 * on target and at least minWeeks weeks have passed since go-live (counted to the
 * end of that week); it returns to weekly at the end of a week in which any core
 * indicator is red. A pin fixes the phase (and so the thresholds weeks are judged by).
 */
export function governancePhase(input: PhaseInput, rules: PhaseRules): PhaseResult {
  let phase: GovernancePhase = input.pin ?? 'weekly';
  let streak = 0;
  for (const week of input.weeks) {
    const { onTarget, anyRed } = judgeWeek(week, phase, rules);
    streak = onTarget ? streak + 1 : 0;
    if (input.pin) continue;
    const weekEnd = daysBetween(input.goLiveDate, week.monday) + 7;
    if (phase === 'weekly' && streak >= rules.weeksOnTargetForMonthly && weekEnd >= 7 * rules.minWeeksSinceGoLiveForMonthly) {
      phase = 'monthly';
    } else if (phase === 'monthly' && anyRed) {
      phase = 'weekly';
    }
  }
  return { phase, weeksOnTarget: streak };
}
