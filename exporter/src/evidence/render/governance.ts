/** The monitoring plan and the governance timeline of one location, as HTML. */
import { REVIEW_DUE_DAYS } from '../../governance/measures/governance-reviews.ts';
import type { IndicatorSettings } from '../../indicators/settings.ts';
import { reviewStats } from '../facts.ts';
import { dateIn, dateTimeIn, dayLabel, percent, periodName, plural, words } from '../format.ts';
import type { GovernanceTimelineView, LocationEvidence, PlanIndicator } from '../model.ts';
import { badge, escapeHtml, noData, table } from './html.ts';

type Evidence = Extract<LocationEvidence, { kind: 'evidence' }>;

const direction = (indicator: PlanIndicator): string => (indicator.direction === 'higher_is_better' ? 'higher is better' : 'lower is better');
const band = (indicator: PlanIndicator, phase: 'weekly' | 'monthly'): string =>
  `${percent(indicator.thresholds[phase].target)} / ${percent(indicator.thresholds[phase].critical)}`;

export function renderPlan(
  evidence: Evidence,
  rules: Pick<IndicatorSettings, 'weeksOnTargetForMonthly' | 'minWeeksSinceGoLiveForMonthly' | 'minCohort'>,
): string {
  const rows = table(evidence.plan, [
    { head: 'Indicator', cell: (i) => `<strong>${escapeHtml(i.title)}</strong><br><code>${escapeHtml(i.name)}</code>` },
    { head: 'What it measures', cell: (i) => escapeHtml(i.description) },
    { head: 'Direction', cell: (i) => escapeHtml(direction(i)) },
    { head: 'Decides the phase', cell: (i) => (i.core ? 'yes' : 'no') },
    { head: 'Weekly target / critical', cell: (i) => band(i, 'weekly'), num: true },
    { head: 'Monthly target / critical', cell: (i) => band(i, 'monthly'), num: true },
  ]);
  return `<p>Each indicator is computed per review period from the ECM system's own records, and judged against the target and critical level of the governance phase in force:
${badge('green')} meets the target (exactly at target counts), ${badge('amber')} between target and critical (${badge('amber', true)} for lower-is-better indicators), ${badge('red')} beyond the critical level.</p>
${rows}
<p>The governance rule: the location starts in weekly governance at go-live. Every whole calendar week is judged against the thresholds of the phase in force.
It moves to monthly governance once every core indicator has met its target for ${plural(rules.weeksOnTargetForMonthly, 'consecutive week')} and at least ${plural(rules.minWeeksSinceGoLiveForMonthly, 'week')} have passed since go-live,
and returns to weekly after any week in which a core indicator is beyond its critical level. A governance review is due every ${REVIEW_DUE_DAYS.weekly} days in weekly governance and every ${REVIEW_DUE_DAYS.monthly} days in monthly governance.</p>
<p>Small numbers: a review period with fewer than ${rules.minCohort} items is suppressed (no value, no status), so no one can be singled out; such a period neither earns nor breaks a run of weeks on target.</p>`;
}

function verdictCell(week: GovernanceTimelineView['weeks'][number]): string {
  const judged = week.judgement.indicators.filter((verdict) => verdict.status !== 'suppressed');
  if (judged.length === 0) return 'no evidence (every core indicator suppressed)';
  const red = week.judgement.indicators.filter((verdict) => verdict.status === 2).map((verdict) => words(verdict.name));
  const amber = week.judgement.indicators.filter((verdict) => verdict.status === 1).map((verdict) => words(verdict.name));
  if (week.judgement.onTarget) return `${badge('green')} every judged core indicator`;
  const parts = [
    red.length > 0 ? `${badge('red')} ${escapeHtml(red.join(', '))}` : '',
    amber.length > 0 ? `${badge('amber')} ${escapeHtml(amber.join(', '))}` : '',
  ];
  return parts.filter(Boolean).join('<br>');
}

function changesList(timeline: GovernanceTimelineView): string {
  const items = [
    `<li>Go-live: ${dayLabel(timeline.goLiveDate)}; weekly governance from go-live${timeline.pinned ? ` (set to ${timeline.pinned} by configuration)` : ''}.</li>`,
  ];
  for (const change of timeline.changes) {
    const why =
      change.to === 'monthly'
        ? `${plural(change.streak, 'consecutive week')} with every core indicator on target`
        : `${change.redIndicators.map(words).join(', ') || 'a core indicator'} beyond critical`;
    items.push(
      `<li><strong>${change.to === 'monthly' ? 'Weekly to monthly' : 'Monthly to weekly'}</strong> from ${dayLabel(change.effectiveFrom)}, caused by the week of ${dayLabel(change.causeMonday)}: ${escapeHtml(why)}.</li>`,
    );
  }
  if (timeline.changes.length === 0) items.push(`<li>No change of phase: ${timeline.currentPhase} governance throughout.</li>`);
  return `<ul class="changes">${items.join('\n')}</ul>`;
}

export function renderTimeline(evidence: Evidence): string {
  const { timeline, location } = evidence;
  const tz = location.timezone;
  const weeks =
    timeline.weeks.length === 0
      ? noData('No whole calendar week since go-live has ended yet, so no week has been judged.')
      : table(timeline.weeks, [
          { head: 'Week of', cell: (w) => dayLabel(w.monday) },
          { head: 'Phase in force', cell: (w) => w.phase },
          { head: 'Judgement', cell: verdictCell },
          { head: 'Weeks on target', cell: (w) => String(w.streak), num: true },
          {
            head: 'Change',
            cell: (w) => (w.change === 'to_monthly' ? '<strong>to monthly</strong>' : w.change === 'to_weekly' ? '<strong>to weekly</strong>' : ''),
          },
        ]);
  const stats = reviewStats(timeline.reviews);
  const reviews = !evidence.findings.storePresent
    ? noData('The governance store (schema adoption) has not been set up: reviews cannot be shown.')
    : timeline.reviews.length === 0
      ? noData('No review period in this range.')
      : `<p>A governance review (the location's own or an organisation-wide one) was held in ${stats.held} of ${plural(stats.due, 'complete review period')}.</p>` +
        table(timeline.reviews, [
          { head: 'Review period', cell: (r) => escapeHtml(periodName({ kind: r.kind, start: r.start }, tz)) },
          { head: 'Phase', cell: (r) => r.phase },
          { head: 'Reviews held', cell: (r) => String(r.held), num: true },
          { head: 'Status', cell: (r) => (r.held > 0 ? 'held' : r.complete ? '<span class="overdue">none held</span>' : 'period still running') },
        ]);
  const overdue = !evidence.findings.storePresent
    ? ''
    : timeline.overdue.length === 0
      ? '<p>No overdue stretch: a review was always held within the interval due.</p>'
      : `<h3>Reviews overdue</h3><ul>${timeline.overdue.map((s) => `<li class="overdue">From ${dateTimeIn(s.from, tz)} to ${s.open ? 'the end of the period (still overdue)' : dateIn(s.to, tz)}</li>`).join('\n')}</ul>`;
  return `${changesList(timeline)}
<h3>Every judged week</h3>
${weeks}
<h3>Reviews held against reviews due</h3>
${reviews}
${overdue}`;
}
