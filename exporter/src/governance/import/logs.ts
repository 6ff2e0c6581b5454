import {
  dateColumn,
  enumColumn,
  idColumn,
  locationColumn,
  passFailColumn,
  scoreColumn,
  textColumn,
  themeColumn,
  themesColumn,
  type CellValue,
  type Column,
} from './columns.ts';

/**
 * The five governance logs: one CSV template each (provisioning/templates/<log>.csv),
 * one table each in schema `adoption`. The columns here are the template's header,
 * its documentation (docs/governance-logs.md) and the validation, in one place.
 */
export const LOG_NAMES = ['audits', 'feedback', 'issues', 'actions', 'reviews'] as const;
export type LogName = (typeof LOG_NAMES)[number];

export type ParsedRow = Readonly<Record<string, CellValue>>;
export interface RowProblem {
  column: string;
  reason: string;
}

/** A column holding the id of another row, checked to point somewhere before anything is written. */
export interface Reference {
  column: string;
  table: string;
  idColumn: string;
  /** The target may be a row of the same file (an audit and its follow-up imported together). */
  sameFile: boolean;
}

export interface LogDefinition {
  name: LogName;
  table: string;
  idColumn: string;
  columns: readonly Column[];
  references: readonly Reference[];
  /** Rules across columns of one row. */
  check(row: ParsedRow): RowProblem[];
  /**
   * Rules across rows, run in the import transaction once the rows are written:
   * selects `id`, `column`, `reason` for the ids in $1 that break them.
   */
  crossRowSql?: string;
}

/** Prefix of the issue ids the issue-log receiver gives the issues it records. */
export const RECEIVER_ID_PREFIX = 'alert:';

export const RECORD_TYPES = ['care_plan', 'daily_note', 'incident', 'risk_assessment', 'review'] as const;
export const AUDIT_CRITERIA = ['complete', 'person_specific', 'timely', 'correct_section'] as const;
export const GAP_CAUSES = ['training', 'confidence', 'workflow_design', 'individual_practice'] as const;
export const ROLES = ['care_worker', 'senior_carer', 'nurse', 'team_leader', 'manager', 'other'] as const;
export const BARRIER_TYPES = ['training', 'configuration', 'local_practice', 'none'] as const;
export const ISSUE_SOURCES = ['usage_report', 'audit', 'feedback', 'alert'] as const;
export const ISSUE_CATEGORIES = ['training', 'configuration', 'local_practice', 'supplier', 'workflow'] as const;
export const ISSUE_PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export const ISSUE_STATUSES = ['open', 'in_progress', 'resolved', 'closed'] as const;
export const ACTION_KINDS = ['coaching', 'refresher_training', 'template_change', 'supervision', 'configuration', 'guidance', 'supplier_request'] as const;
export const REVIEW_FORUMS = ['project_board', 'registered_manager', 'team_leader'] as const;
export const REVIEW_CADENCES = ['weekly', 'monthly'] as const;

const time = (value: CellValue): number | undefined => (value instanceof Date ? value.getTime() : undefined);

function notBefore(row: ParsedRow, later: string, earlier: string): RowProblem[] {
  const a = time(row[later] ?? null);
  const b = time(row[earlier] ?? null);
  return a !== undefined && b !== undefined && a < b ? [{ column: later, reason: `is before ${earlier}` }] : [];
}

const audits: LogDefinition = {
  name: 'audits',
  table: 'adoption.record_audits',
  idColumn: 'audit_id',
  columns: [
    idColumn('audit_id'),
    locationColumn(true),
    dateColumn('audited_at', { required: true, past: true }),
    enumColumn('record_type', RECORD_TYPES),
    ...AUDIT_CRITERIA.map((criterion) => passFailColumn(criterion)),
    enumColumn('gap_cause', GAP_CAUSES, false),
    idColumn('follow_up_of', false),
  ],
  references: [{ column: 'follow_up_of', table: 'adoption.record_audits', idColumn: 'audit_id', sameFile: true }],
  check(row) {
    const problems: RowProblem[] = [];
    if (row.gap_cause !== null && AUDIT_CRITERIA.every((criterion) => row[criterion] === true)) {
      problems.push({ column: 'gap_cause', reason: 'is given but all four criteria pass' });
    }
    if (row.follow_up_of !== null && row.follow_up_of === row.audit_id) problems.push({ column: 'follow_up_of', reason: 'an audit cannot follow up itself' });
    return problems;
  },
  crossRowSql: `
    SELECT f.audit_id AS id, 'follow_up_of' AS "column",
           CASE WHEN o.location_id <> f.location_id
                THEN 're-checks audit "' || o.audit_id || '" of another location (' || o.location_id || ')'
                ELSE 're-checks audit "' || o.audit_id || '" which is not earlier than this one' END AS reason
    FROM adoption.record_audits f
    JOIN adoption.record_audits o ON o.audit_id = f.follow_up_of
    WHERE f.audit_id = ANY($1::text[]) AND (o.location_id <> f.location_id OR o.audited_at >= f.audited_at)`,
};

const feedback: LogDefinition = {
  name: 'feedback',
  table: 'adoption.staff_feedback',
  idColumn: 'response_id',
  columns: [
    idColumn('response_id'),
    locationColumn(true),
    dateColumn('submitted_at', { required: true, past: true }),
    enumColumn('role', ROLES),
    scoreColumn('confidence', 1, 5),
    enumColumn('barrier_type', BARRIER_TYPES),
    themesColumn('themes'),
  ],
  references: [],
  check: () => [],
};

const issues: LogDefinition = {
  name: 'issues',
  table: 'adoption.adoption_issues',
  idColumn: 'issue_id',
  columns: [
    idColumn('issue_id'),
    locationColumn(false),
    dateColumn('raised_at', { required: true, past: true }),
    enumColumn('source', ISSUE_SOURCES),
    enumColumn('category', ISSUE_CATEGORIES),
    enumColumn('priority', ISSUE_PRIORITIES),
    enumColumn('status', ISSUE_STATUSES),
    dateColumn('due_at', { required: false, past: false }),
    dateColumn('resolved_at', { required: false, past: true }),
    textColumn('summary', 500),
  ],
  references: [],
  check(row) {
    const done = row.status === 'resolved' || row.status === 'closed';
    // `alert:<fingerprint>` ids belong to issues the alert receiver records (002_issue_log_receiver.sql),
    // so an import can never overwrite one of them, nor the receiver an imported issue.
    if (typeof row.issue_id === 'string' && row.issue_id.toLowerCase().startsWith(RECEIVER_ID_PREFIX)) {
      return [
        { column: 'issue_id', reason: `ids starting with "${RECEIVER_ID_PREFIX}" are reserved for issues recorded from alerts by the issue-log receiver` },
      ];
    }
    const problems: RowProblem[] = [...notBefore(row, 'due_at', 'raised_at'), ...notBefore(row, 'resolved_at', 'raised_at')];
    if (done && row.resolved_at === null) problems.push({ column: 'resolved_at', reason: `is required when status is ${String(row.status)}` });
    if (!done && row.resolved_at !== null) problems.push({ column: 'resolved_at', reason: `must be empty when status is ${String(row.status)}` });
    return problems;
  },
};

const actions: LogDefinition = {
  name: 'actions',
  table: 'adoption.corrective_actions',
  idColumn: 'action_id',
  columns: [
    idColumn('action_id'),
    locationColumn(false),
    enumColumn('kind', ACTION_KINDS),
    idColumn('linked_issue_id', false),
    idColumn('linked_audit_id', false),
    themeColumn('linked_feedback_theme'),
    dateColumn('raised_at', { required: true, past: true }),
    dateColumn('due_at', { required: false, past: false }),
    dateColumn('completed_at', { required: false, past: true }),
    textColumn('summary', 500),
  ],
  references: [
    { column: 'linked_issue_id', table: 'adoption.adoption_issues', idColumn: 'issue_id', sameFile: false },
    { column: 'linked_audit_id', table: 'adoption.record_audits', idColumn: 'audit_id', sameFile: false },
  ],
  check(row) {
    const problems: RowProblem[] = [...notBefore(row, 'due_at', 'raised_at'), ...notBefore(row, 'completed_at', 'raised_at')];
    if (row.linked_issue_id === null && row.linked_audit_id === null && row.linked_feedback_theme === null) {
      problems.push({
        column: 'linked_issue_id',
        reason: 'an action must link an issue, an audit or a feedback theme (one of linked_issue_id, linked_audit_id, linked_feedback_theme)',
      });
    }
    return problems;
  },
};

const reviews: LogDefinition = {
  name: 'reviews',
  table: 'adoption.governance_reviews',
  idColumn: 'review_id',
  columns: [
    idColumn('review_id'),
    locationColumn(false),
    dateColumn('reviewed_at', { required: true, past: true }),
    enumColumn('forum', REVIEW_FORUMS),
    enumColumn('cadence', REVIEW_CADENCES),
    textColumn('decisions', 2000),
  ],
  references: [],
  check: () => [],
};

export const LOGS: Readonly<Record<LogName, LogDefinition>> = { audits, feedback, issues, actions, reviews };

export function isLogName(value: string): value is LogName {
  return (LOG_NAMES as readonly string[]).includes(value);
}
