/**
 * "What was found and what was done" for one location (pure): the issue log and the
 * corrective actions, audit pass rates per criterion (first audits against
 * follow-ups), follow-ups that did or did not improve, staff confidence per month and
 * barriers acted on. Figures about people's answers (confidence, barriers) and
 * audit pass rates are withheld below the minimum cohort, as in the metrics.
 */
import { localDate } from '../engine/domain-time.ts';
import type { LocationInfo } from '../engine/types.ts';
import { AUDIT_CRITERIA } from '../governance/import/logs.ts';
import type { GovernanceRecords } from './governance-read.ts';
import type { ActionRow, BarrierFollowUp, ConfidenceMonth, CriterionRates, Findings, FollowUpPair, IssueRow } from './model.ts';

interface Scope {
  location: LocationInfo;
  starts: Date;
  ends: Date;
  minCohort: number;
}

const mine = (scope: Scope, locationId: string | null): boolean => locationId === null || locationId === scope.location.locationId;

function issues(records: GovernanceRecords, scope: Scope): IssueRow[] {
  return records.issues
    .filter((row) => mine(scope, row.location_id))
    .map((row) => ({
      issueId: row.issue_id,
      organisationWide: row.location_id === null,
      raisedAt: row.raised_at,
      source: row.source,
      category: row.category,
      priority: row.priority,
      status: row.status,
      dueAt: row.due_at,
      resolvedAt: row.resolved_at,
      recordedBy: row.recorded_by,
      alertName: row.alert_name,
      indicator: row.indicator,
      lastSeenAt: row.last_seen_at,
    }));
}

function actions(records: GovernanceRecords, scope: Scope): ActionRow[] {
  return records.actions
    .filter((row) => mine(scope, row.location_id))
    .map((row) => ({
      actionId: row.action_id,
      organisationWide: row.location_id === null,
      kind: row.kind,
      linkedIssueId: row.linked_issue_id,
      linkedAuditId: row.linked_audit_id,
      linkedFeedbackTheme: row.linked_feedback_theme,
      raisedAt: row.raised_at,
      dueAt: row.due_at,
      completedAt: row.completed_at,
      ...(row.linked_audit_id !== null && row.follow_up_id !== null && row.before !== null && row.after !== null
        ? { followUp: { auditId: row.follow_up_id, before: Number(row.before), after: Number(row.after) } }
        : {}),
    }));
}

function criteria(records: GovernanceRecords, scope: Scope): CriterionRates[] {
  const audits = records.audits.filter((row) => row.location_id === scope.location.locationId);
  const first = audits.filter((row) => row.follow_up_of === null);
  const followUps = audits.filter((row) => row.follow_up_of !== null);
  const rate = (rows: typeof audits, criterion: (typeof AUDIT_CRITERIA)[number]): { audited: number; passed?: number } =>
    rows.length < scope.minCohort ? { audited: rows.length } : { audited: rows.length, passed: rows.filter((row) => row[criterion]).length };
  return AUDIT_CRITERIA.map((criterion) => ({ criterion, first: rate(first, criterion), followUp: rate(followUps, criterion) }));
}

function followUpPairs(records: GovernanceRecords, scope: Scope): FollowUpPair[] {
  return records.audits.flatMap((row) =>
    row.location_id === scope.location.locationId && row.follow_up_of !== null && row.before !== null
      ? [{ auditId: row.audit_id, followUpOf: row.follow_up_of, auditedAt: row.audited_at, before: Number(row.before), after: Number(row.passed) }]
      : [],
  );
}

function confidence(records: GovernanceRecords, scope: Scope): ConfidenceMonth[] {
  const months = new Map<string, Array<(typeof records.feedback)[number]>>();
  for (const row of records.feedback) {
    if (row.location_id !== scope.location.locationId) continue;
    const month = localDate(row.submitted_at, scope.location.timezone).slice(0, 7);
    months.set(month, [...(months.get(month) ?? []), row]);
  }
  return [...months.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, rows]) => {
      if (rows.length < scope.minCohort) return { month, responses: rows.length };
      const count = (type: string): number => rows.filter((row) => row.barrier_type === type).length;
      const barriers = { training: count('training'), configuration: count('configuration'), local_practice: count('local_practice') };
      return { month, responses: rows.length, mean: rows.reduce((sum, row) => sum + row.confidence, 0) / rows.length, barriers };
    });
}

function barrierFollowUp(records: GovernanceRecords, scope: Scope): BarrierFollowUp {
  const rows = records.feedback.filter((row) => row.location_id === scope.location.locationId);
  const raised = rows.filter((row) => row.barrier_type !== 'none');
  const suppressed = rows.length < scope.minCohort;
  return { responses: rows.length, suppressed, raised: suppressed ? 0 : raised.length, actedOn: suppressed ? 0 : raised.filter((row) => row.acted_on).length };
}

export function locationFindings(records: GovernanceRecords, scope: Scope): Findings {
  return {
    storePresent: records.present,
    issues: issues(records, scope),
    actions: actions(records, scope),
    criteria: criteria(records, scope),
    followUps: followUpPairs(records, scope),
    confidence: confidence(records, scope),
    barriers: barrierFollowUp(records, scope),
  };
}

/** Review times covering the location: its own and organisation-wide. */
export function reviewTimes(records: GovernanceRecords, location: LocationInfo): Date[] {
  return records.reviews.filter((row) => row.location_id === null || row.location_id === location.locationId).map((row) => row.reviewed_at);
}
