/**
 * The one-paragraph summary of a location's evidence, in plain words (pure). Every
 * number and date in it comes from the computed evidence; where there is nothing
 * to say (no comparable periods, no governance records) it says so rather than
 * guess. "After" is only ever a statement about dates, never about cause.
 */
import { actionStats, issueStats, largestMovement, largestStep, published, reviewStats, type Movement } from './facts.ts';
import { localDate } from '../engine/domain-time.ts';
import { dateIn, dayLabel, duration, monthLabel, percent, plural, words } from './format.ts';
import type { ActionRow, Findings, GovernanceTimelineView, IndicatorHistory, PeriodValue, ReviewPeriod } from './model.ts';

export interface SummaryInput {
  timezone: string;
  indicators: readonly IndicatorHistory[];
  timeline: GovernanceTimelineView;
  findings: Findings;
  starts: Date;
  ends: Date;
}

/** "the week of 1 Sep 2026" or "October 2026" (a monthly review period). */
function periodWords(period: ReviewPeriod, timezone: string): string {
  if (period.kind === 'week') return `the week of ${dateIn(period.start, timezone)}`;
  return monthLabel(localDate(period.start, timezone).slice(0, 7));
}

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);

/**
 * A completed action around the largest step of the change: completed from the start
 * of the period before the step to the end of the step's period, preferring actions
 * answering an issue or an audit, then the one completed nearest the step.
 */
function actionAtStep(actions: readonly ActionRow[], step: { before: PeriodValue; after: PeriodValue }): ActionRow | undefined {
  const from = step.before.period.start.getTime();
  const to = step.after.period.end.getTime();
  const pivot = step.after.period.start.getTime();
  const around = actions.filter((action) => action.completedAt !== null && action.completedAt.getTime() >= from && action.completedAt.getTime() < to);
  const linked = around.filter((action) => action.linkedIssueId !== null || action.linkedAuditId !== null);
  const pool = linked.length > 0 ? linked : around;
  const distance = (action: ActionRow): number => Math.abs((action.completedAt?.getTime() ?? 0) - pivot);
  return [...pool].sort((a, b) => distance(a) - distance(b) || a.actionId.localeCompare(b.actionId))[0];
}

function movementSentence(movement: Movement, input: SummaryInput): string {
  const { history, first, last } = movement;
  const verb = last.value > first.value ? 'rose' : 'fell';
  let sentence = `${history.indicator.title} ${verb} from ${percent(first.value)} in ${periodWords(first.period, input.timezone)} to ${percent(last.value)} in ${periodWords(last.period, input.timezone)}`;
  const step = movement.improvement > 0 ? largestStep(movement) : undefined;
  const action = step ? actionAtStep(input.findings.actions, step) : undefined;
  if (action?.completedAt) sentence += ` after ${words(action.kind)} completed on ${dateIn(action.completedAt, input.timezone)}`;
  return `${sentence}.`;
}

function redSentence(input: SummaryInput, exclude: string | undefined): string | undefined {
  const latest = (history: IndicatorHistory) => published(history).at(-1);
  const red = input.indicators.flatMap((history) => {
    const value = latest(history);
    return value && value.status === 2 && history.indicator.name !== exclude ? [{ history, value }] : [];
  });
  const first = red[0];
  if (!first) return undefined;
  const list = red.map(({ history, value }) => `${lowerFirst(history.indicator.title)} (${percent(value.value)})`);
  const joined = list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`;
  return `Beyond the critical level in its latest review period (${periodWords(first.value.period, input.timezone)}): ${joined}.`;
}

function governanceSentence(timeline: GovernanceTimelineView): string {
  if (timeline.pinned) return `Governance is set to ${timeline.pinned} by configuration.`;
  const last = timeline.changes.at(-1);
  if (!last)
    return timeline.weeks.length === 0
      ? 'No whole week has been judged yet: weekly governance since go-live.'
      : 'Weekly governance throughout: the location has not yet met every target for long enough to move to monthly.';
  if (last.to === 'monthly') return `Monthly governance since ${dayLabel(last.effectiveFrom)} (${plural(last.streak, 'week')} on target).`;
  const red = last.redIndicators.map(words).join(', ');
  return `Back to weekly governance since ${dayLabel(last.effectiveFrom)}, after ${red || 'a core indicator'} was red in the week of ${dayLabel(last.causeMonday)}.`;
}

function findingsSentences(input: SummaryInput): string[] {
  const { findings, starts, ends } = input;
  if (!findings.storePresent) return ['No governance records are available: the governance store (schema adoption) has not been set up.'];
  const sentences: string[] = [];
  const reviews = reviewStats(input.timeline.reviews);
  if (reviews.due > 0) {
    const longest = input.timeline.overdue.reduce((most, stretch) => Math.max(most, stretch.to.getTime() - stretch.from.getTime()), 0);
    const overdue =
      input.timeline.overdue.length > 0 ? `; reviews were overdue ${plural(input.timeline.overdue.length, 'time')}, the longest for ${duration(longest)}` : '';
    sentences.push(`A governance review was held in ${reviews.held} of ${plural(reviews.due, 'review period')}${overdue}.`);
  }
  const issues = issueStats(findings.issues, starts, ends);
  if (issues.raised + issues.resolved + issues.open === 0) sentences.push('No adoption issue was open in the period.');
  else {
    const resolvedIn = issues.medianResolveMs === undefined ? '' : ` (median ${duration(issues.medianResolveMs)} to resolve)`;
    sentences.push(
      `${plural(issues.raised, 'adoption issue')} raised and ${issues.resolved} resolved${resolvedIn}; ${issues.open} open at the end, ${issues.overdue} of them overdue.`,
    );
  }
  const actions = actionStats(findings.actions, starts, ends);
  const improved =
    actions.followedUp > 0 ? `; ${actions.improved} of ${plural(actions.followedUp, 'follow-up audit')} improved on the audit it re-checked` : '';
  if (actions.completed > 0 || improved) sentences.push(`${plural(actions.completed, 'corrective action')} completed${improved}.`);
  else
    sentences.push(actions.raised > 0 ? `${plural(actions.raised, 'corrective action')} raised, none completed yet.` : 'No corrective action in the period.');
  return sentences;
}

export function buildSummary(input: SummaryInput): string {
  const movement = largestMovement(input.indicators);
  const sentences: string[] = [];
  if (movement) sentences.push(movementSentence(movement, input));
  else
    sentences.push(
      input.indicators.some((history) => published(history).length > 0)
        ? 'No indicator moved by 5 points or more between the first and the latest review period.'
        : 'No indicator has a published value in this period (too few items, or no review period has ended).',
    );
  const red = redSentence(input, undefined);
  if (red) sentences.push(red);
  sentences.push(governanceSentence(input.timeline));
  sentences.push(...findingsSentences(input));
  return sentences.join(' ');
}
