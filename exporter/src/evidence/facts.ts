/**
 * Figures derived from the computed evidence (pure), shared by the summary sentence
 * and the tables so the two always say the same thing.
 */
import type { ActionRow, IndicatorHistory, IssueRow, PeriodValue, ReviewPeriodCheck } from './model.ts';

export interface IssueStats {
  /** Raised in the range. */
  raised: number;
  /** Resolved or closed in the range. */
  resolved: number;
  /** Median raised-to-resolved time of those, in ms; undefined when none. */
  medianResolveMs: number | undefined;
  /** Open (open or in_progress) at the end of the range, and of those past their due date. */
  open: number;
  overdue: number;
  fromAlerts: number;
}

const inRange = (time: Date | null, starts: Date, ends: Date): boolean => time !== null && time >= starts && time < ends;

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Open at the end of the range: not resolved by then (an issue resolved later was still open). */
export const openAt = (issue: IssueRow, ends: Date): boolean => issue.raisedAt < ends && (issue.resolvedAt === null || issue.resolvedAt >= ends);

export function issueStats(issues: readonly IssueRow[], starts: Date, ends: Date): IssueStats {
  const resolved = issues.filter((issue) => inRange(issue.resolvedAt, starts, ends));
  const open = issues.filter((issue) => openAt(issue, ends));
  return {
    raised: issues.filter((issue) => inRange(issue.raisedAt, starts, ends)).length,
    resolved: resolved.length,
    medianResolveMs: median(resolved.map((issue) => (issue.resolvedAt?.getTime() ?? 0) - issue.raisedAt.getTime())),
    open: open.length,
    overdue: open.filter((issue) => issue.dueAt !== null && issue.dueAt < ends).length,
    fromAlerts: issues.filter((issue) => issue.recordedBy === 'alert_receiver' && inRange(issue.raisedAt, starts, ends)).length,
  };
}

export interface ActionStats {
  raised: number;
  completed: number;
  openOverdue: number;
  /** Actions whose linked audit has a follow-up by the end of the range, and of those the ones that improved. */
  followedUp: number;
  improved: number;
}

export function actionStats(actions: readonly ActionRow[], starts: Date, ends: Date): ActionStats {
  const followedUp = actions.filter((action) => action.followUp !== undefined);
  return {
    raised: actions.filter((action) => inRange(action.raisedAt, starts, ends)).length,
    completed: actions.filter((action) => inRange(action.completedAt, starts, ends)).length,
    openOverdue: actions.filter((action) => (action.completedAt === null || action.completedAt >= ends) && action.dueAt !== null && action.dueAt < ends).length,
    followedUp: followedUp.length,
    improved: followedUp.filter((action) => action.followUp !== undefined && action.followUp.after > action.followUp.before).length,
  };
}

export interface ReviewStats {
  /** Complete review periods, and of those the ones with at least one review. */
  due: number;
  held: number;
}

export function reviewStats(checks: readonly ReviewPeriodCheck[]): ReviewStats {
  const complete = checks.filter((check) => check.complete);
  return { due: complete.length, held: complete.filter((check) => check.held > 0).length };
}

/** Values that can be compared: complete periods with a published (not suppressed) value. */
export const published = (history: IndicatorHistory): Array<PeriodValue & { value: number }> =>
  history.values.filter((value): value is PeriodValue & { value: number } => value.value !== undefined && value.period.complete);

export interface Movement {
  history: IndicatorHistory;
  first: PeriodValue & { value: number };
  last: PeriodValue & { value: number };
  /** Positive = better, in ratio points (direction-aware). */
  improvement: number;
}

/**
 * The step that made the change: the pair of consecutive published periods with the
 * largest move in the same direction. An action is only named when it was completed
 * from the start of the period before that step to the end of the step's period.
 */
export function largestStep(movement: Movement): { before: PeriodValue; after: PeriodValue } | undefined {
  const values = published(movement.history);
  const sign = movement.history.indicator.direction === 'higher_is_better' ? 1 : -1;
  let best: { before: PeriodValue; after: PeriodValue; size: number } | undefined;
  for (let i = 1; i < values.length; i += 1) {
    const before = values[i - 1];
    const after = values[i];
    if (!before || !after) continue;
    const size = sign * (after.value - before.value) * Math.sign(movement.improvement);
    if (size > 0 && (!best || size > best.size)) best = { before, after, size };
  }
  return best && { before: best.before, after: best.after };
}

/** The largest change (at least `minimum` ratio points) between the first and last published period. */
export function largestMovement(histories: readonly IndicatorHistory[], minimum = 0.05): Movement | undefined {
  let best: Movement | undefined;
  for (const history of histories) {
    const values = published(history);
    const first = values[0];
    const last = values.at(-1);
    if (!first || !last || first === last) continue;
    const change = last.value - first.value;
    const improvement = history.indicator.direction === 'higher_is_better' ? change : -change;
    if (Math.abs(improvement) >= minimum && (!best || Math.abs(improvement) > Math.abs(best.improvement))) best = { history, first, last, improvement };
  }
  return best;
}
