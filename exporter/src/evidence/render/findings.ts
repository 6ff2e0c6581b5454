/** "What was found and what was done": issues, actions, audits and staff feedback, as HTML. */
import { actionStats, issueStats, openAt } from '../facts.ts';
import { dateIn, duration, escapeHtml, monthLabel, percent, plural, words } from '../format.ts';
import type { ActionRow, IssueRow, LocationEvidence } from '../model.ts';
import { noData, table } from './html.ts';

type Evidence = Extract<LocationEvidence, { kind: 'evidence' }>;

interface Range {
  starts: Date;
  ends: Date;
  tz: string;
}

function issueState(issue: IssueRow, range: Range): string {
  if (!openAt(issue, range.ends)) return issue.status === 'closed' ? 'closed' : 'resolved';
  if (issue.dueAt !== null && issue.dueAt < range.ends) return `<span class="overdue">open, overdue since ${dateIn(issue.dueAt, range.tz)}</span>`;
  return issue.status === 'in_progress' ? 'in progress' : 'open';
}

function recordedBy(issue: IssueRow): string {
  if (issue.recordedBy !== 'alert_receiver') return 'issue log (import)';
  const what = [issue.alertName, issue.indicator ? words(issue.indicator) : null].filter(Boolean).join(', ');
  return `alert receiver${what ? `: ${escapeHtml(what)}` : ''}`;
}

function issues(evidence: Evidence, range: Range): string {
  const rows = evidence.findings.issues;
  if (rows.length === 0) return noData('No adoption issue was open at any time in this period.');
  const stats = issueStats(rows, range.starts, range.ends);
  const median = stats.medianResolveMs === undefined ? 'none resolved in the period' : `median time to resolve ${duration(stats.medianResolveMs)}`;
  return `<p>${plural(stats.raised, 'issue')} raised in the period (${stats.fromAlerts} recorded from governance alerts), ${stats.resolved} resolved (${median}); ${stats.open} open at the end of the period, ${stats.overdue} of them overdue.</p>
${table(rows, [
  { head: 'Issue', cell: (i) => `<code>${escapeHtml(i.issueId)}</code>${i.organisationWide ? '<br><span class="muted">organisation-wide</span>' : ''}` },
  { head: 'Recorded by', cell: recordedBy },
  { head: 'Source / category', cell: (i) => `${escapeHtml(words(i.source))} / ${escapeHtml(words(i.category))}` },
  { head: 'Priority', cell: (i) => escapeHtml(i.priority) },
  { head: 'Raised', cell: (i) => dateIn(i.raisedAt, range.tz) },
  { head: 'Due', cell: (i) => (i.dueAt ? dateIn(i.dueAt, range.tz) : '—') },
  { head: 'Resolved', cell: (i) => (i.resolvedAt && i.resolvedAt < range.ends ? dateIn(i.resolvedAt, range.tz) : '—') },
  {
    head: 'Time to resolve',
    cell: (i) => (i.resolvedAt && i.resolvedAt < range.ends ? duration(i.resolvedAt.getTime() - i.raisedAt.getTime()) : '—'),
    num: true,
  },
  { head: 'At the end', cell: (i) => issueState(i, range) },
])}`;
}

function linked(action: ActionRow): string {
  const links = [
    action.linkedIssueId ? `issue <code>${escapeHtml(action.linkedIssueId)}</code>` : '',
    action.linkedAuditId ? `audit <code>${escapeHtml(action.linkedAuditId)}</code>` : '',
    action.linkedFeedbackTheme ? `feedback theme "${escapeHtml(words(action.linkedFeedbackTheme))}"` : '',
  ];
  return links.filter(Boolean).join('<br>');
}

function followUpCell(action: ActionRow): string {
  if (!action.linkedAuditId) return '—';
  if (!action.followUp) return 'no follow-up audit yet';
  const { before, after, auditId } = action.followUp;
  const verdict = after > before ? 'improved' : 'not improved';
  return `<code>${escapeHtml(auditId)}</code>: ${before} → ${after} of 4 criteria, <strong>${verdict}</strong>`;
}

function actions(evidence: Evidence, range: Range): string {
  const rows = evidence.findings.actions;
  if (rows.length === 0) return noData('No corrective action was open at any time in this period.');
  const stats = actionStats(rows, range.starts, range.ends);
  return `<p>${plural(stats.raised, 'action')} raised and ${stats.completed} completed in the period; ${stats.openOverdue} open past their due date at the end.${stats.followedUp > 0 ? ` Of ${plural(stats.followedUp, 'action')} answering an audit with a follow-up audit, ${stats.improved} improved.` : ''}</p>
${table(rows, [
  { head: 'Action', cell: (a) => `<code>${escapeHtml(a.actionId)}</code>${a.organisationWide ? '<br><span class="muted">organisation-wide</span>' : ''}` },
  { head: 'Kind', cell: (a) => escapeHtml(words(a.kind)) },
  { head: 'Answers', cell: linked },
  { head: 'Raised', cell: (a) => dateIn(a.raisedAt, range.tz) },
  { head: 'Due', cell: (a) => (a.dueAt ? dateIn(a.dueAt, range.tz) : '—') },
  {
    head: 'Completed',
    cell: (a) =>
      a.completedAt && a.completedAt < range.ends
        ? dateIn(a.completedAt, range.tz)
        : a.dueAt && a.dueAt < range.ends
          ? '<span class="overdue">not completed, overdue</span>'
          : 'not completed',
  },
  { head: 'Follow-up audit', cell: followUpCell },
])}`;
}

function audits(evidence: Evidence, minCohort: number, range: Range): string {
  const { criteria, followUps } = evidence.findings;
  const audited = (criteria[0]?.first.audited ?? 0) + (criteria[0]?.followUp.audited ?? 0);
  if (audited === 0) return noData('No record audit in this period.');
  const rate = (part: { audited: number; passed?: number }): string =>
    part.audited === 0
      ? '—'
      : part.passed === undefined
        ? `suppressed (${part.audited} audited, fewer than ${minCohort})`
        : `${percent(part.passed / part.audited)} (${part.passed} of ${part.audited})`;
  const rates = table(criteria, [
    { head: 'Criterion', cell: (c) => escapeHtml(words(c.criterion)) },
    { head: 'First audits: passed', cell: (c) => rate(c.first), num: true },
    { head: 'Follow-up audits: passed', cell: (c) => rate(c.followUp), num: true },
  ]);
  const pairs =
    followUps.length === 0
      ? '<p>No follow-up audit in this period.</p>'
      : table(followUps, [
          { head: 'Follow-up audit', cell: (f) => `<code>${escapeHtml(f.auditId)}</code>` },
          { head: 'Re-checks', cell: (f) => `<code>${escapeHtml(f.followUpOf)}</code>` },
          { head: 'Audited', cell: (f) => dateIn(f.auditedAt, range.tz) },
          { head: 'Criteria passed: before → after', cell: (f) => `${f.before} → ${f.after} of 4`, num: true },
          { head: 'Improved', cell: (f) => (f.after > f.before ? 'yes' : '<strong>no</strong>') },
        ]);
  return `${rates}\n<h3>Follow-up audits against the audit they re-check</h3>\n${pairs}`;
}

function feedback(evidence: Evidence, minCohort: number): string {
  const { confidence, barriers } = evidence.findings;
  if (confidence.length === 0) return noData('No staff feedback in this period.');
  const months = table(confidence, [
    { head: 'Month', cell: (m) => monthLabel(m.month) },
    { head: 'Responses', cell: (m) => (m.mean === undefined ? `fewer than ${minCohort}` : String(m.responses)), num: true },
    { head: 'Mean confidence (1-5)', cell: (m) => (m.mean === undefined ? 'suppressed' : m.mean.toFixed(1)), num: true },
    {
      head: 'Barriers raised: training / configuration / local practice',
      cell: (m) => (m.barriers ? `${m.barriers.training} / ${m.barriers.configuration} / ${m.barriers.local_practice}` : 'suppressed'),
      num: true,
    },
  ]);
  const acted = barriers.suppressed
    ? `<p>Barriers acted on: withheld (fewer than ${minCohort} responses in the period).</p>`
    : `<p>Barriers acted on: ${barriers.actedOn} of ${plural(barriers.raised, 'barrier')} raised in the period have a linked corrective action (an action for the response's theme or barrier type, at this location or organisation-wide).</p>`;
  return `${months}\n${acted}`;
}

export function renderFindings(evidence: Evidence, minCohort: number, range: Range): string {
  if (!evidence.findings.storePresent) {
    return noData(
      'The governance store (schema adoption) has not been set up, so there are no audits, feedback, issues, actions or reviews to show. Run `ecm-adoption-exporter migrate-governance` and import the logs (docs/governance-logs.md).',
    );
  }
  return `<h3>Adoption issues</h3>\n${issues(evidence, range)}
<h3>Corrective actions</h3>\n${actions(evidence, range)}
<h3>Record audits: pass rate per criterion, first audits against follow-ups</h3>\n${audits(evidence, minCohort, range)}
<h3>Staff confidence and barriers</h3>\n${feedback(evidence, minCohort)}`;
}
