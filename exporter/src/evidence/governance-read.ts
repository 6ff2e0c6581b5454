/**
 * What the evidence pack reads from the governance store (schema `adoption`), for a
 * set of locations over [starts, ends): issues and actions open at some time in the
 * range, audits and feedback in it, and every review up to its end (the review
 * before the range decides whether its first days were overdue). Organisation-wide
 * rows (location_id NULL) belong to every location. No free text is read: the
 * logs' summaries and decisions stay in the store, as for the metrics.
 */
import type { Queryable } from '../db/types.ts';
import { governanceStorePresent } from '../governance/store.ts';

const PASSED = (alias: string): string => `(${alias}.complete::int + ${alias}.person_specific::int + ${alias}.timely::int + ${alias}.correct_section::int)`;

/** Receiver columns (002_issue_log_receiver.sql); a store not yet migrated reads them as imported rows. */
const RECEIVER_COLUMNS = 'i.recorded_by, i.alert_name, i.indicator, i.last_seen_at';
const IMPORT_ONLY_COLUMNS = `'import'::text AS recorded_by, NULL::text AS alert_name, NULL::text AS indicator, NULL::timestamptz AS last_seen_at`;

export const issuesSql = (receiverColumns: boolean): string => `
  SELECT i.issue_id, i.location_id, i.raised_at, i.source, i.category, i.priority, i.status, i.due_at, i.resolved_at,
         ${receiverColumns ? RECEIVER_COLUMNS : IMPORT_ONLY_COLUMNS}
  FROM adoption.adoption_issues i
  WHERE (i.location_id = ANY($1::text[]) OR i.location_id IS NULL)
    AND i.raised_at < $3::timestamptz AND (i.resolved_at IS NULL OR i.resolved_at >= $2::timestamptz)
  ORDER BY i.raised_at, i.issue_id`;

/** Actions open at some time in the range, with the audit they answer and its latest follow-up by the end. */
export const ACTIONS_SQL = `
  SELECT a.action_id, a.location_id, a.kind, a.linked_issue_id, a.linked_audit_id, a.linked_feedback_theme,
         a.raised_at, a.due_at, a.completed_at, o.passed AS before, f.audit_id AS follow_up_id, f.passed AS after
  FROM adoption.corrective_actions a
  LEFT JOIN LATERAL (SELECT ${PASSED('r')} AS passed FROM adoption.record_audits r WHERE r.audit_id = a.linked_audit_id) o ON true
  LEFT JOIN LATERAL (
    SELECT r.audit_id, ${PASSED('r')} AS passed FROM adoption.record_audits r
    WHERE r.follow_up_of = a.linked_audit_id AND r.audited_at < $3::timestamptz
    ORDER BY r.audited_at DESC, r.audit_id DESC LIMIT 1
  ) f ON true
  WHERE (a.location_id = ANY($1::text[]) OR a.location_id IS NULL)
    AND a.raised_at < $3::timestamptz AND (a.completed_at IS NULL OR a.completed_at >= $2::timestamptz)
  ORDER BY a.raised_at, a.action_id`;

export const AUDITS_SQL = `
  SELECT a.audit_id, a.location_id, a.audited_at, a.complete, a.person_specific, a.timely, a.correct_section,
         a.follow_up_of, ${PASSED('a')} AS passed, ${PASSED('o')} AS before
  FROM adoption.record_audits a
  LEFT JOIN adoption.record_audits o ON o.audit_id = a.follow_up_of
  WHERE a.location_id = ANY($1::text[]) AND a.audited_at >= $2::timestamptz AND a.audited_at < $3::timestamptz
  ORDER BY a.audited_at, a.audit_id`;

/**
 * Feedback in the range, without the response id. A barrier is acted on when an
 * action raised by the end of the range links its theme or barrier type, at its
 * location or organisation-wide, and was not already completed when it was raised
 * (the rule of ecm_adoption_feedback_acted_on_ratio).
 */
export const FEEDBACK_SQL = `
  SELECT s.location_id, s.submitted_at, s.confidence, s.barrier_type,
         (s.barrier_type <> 'none' AND EXISTS (
           SELECT 1 FROM adoption.corrective_actions ca
           WHERE ca.linked_feedback_theme IS NOT NULL
             AND (ca.linked_feedback_theme = ANY (s.themes) OR ca.linked_feedback_theme = s.barrier_type)
             AND (ca.location_id = s.location_id OR ca.location_id IS NULL)
             AND ca.raised_at < $3::timestamptz
             AND coalesce(ca.completed_at, 'infinity'::timestamptz) >= s.submitted_at)) AS acted_on
  FROM adoption.staff_feedback s
  WHERE s.location_id = ANY($1::text[]) AND s.submitted_at >= $2::timestamptz AND s.submitted_at < $3::timestamptz
  ORDER BY s.submitted_at`;

export const REVIEWS_SQL = `
  SELECT r.location_id, r.reviewed_at
  FROM adoption.governance_reviews r
  WHERE (r.location_id = ANY($1::text[]) OR r.location_id IS NULL) AND r.reviewed_at < $2::timestamptz
  ORDER BY r.reviewed_at`;

export type IssueRecord = {
  issue_id: string;
  location_id: string | null;
  raised_at: Date;
  source: string;
  category: string;
  priority: string;
  status: string;
  due_at: Date | null;
  resolved_at: Date | null;
  recorded_by: string;
  alert_name: string | null;
  indicator: string | null;
  last_seen_at: Date | null;
};

export type ActionRecord = {
  action_id: string;
  location_id: string | null;
  kind: string;
  linked_issue_id: string | null;
  linked_audit_id: string | null;
  linked_feedback_theme: string | null;
  raised_at: Date;
  due_at: Date | null;
  completed_at: Date | null;
  before: number | null;
  follow_up_id: string | null;
  after: number | null;
};

export type AuditRecord = {
  audit_id: string;
  location_id: string;
  audited_at: Date;
  complete: boolean;
  person_specific: boolean;
  timely: boolean;
  correct_section: boolean;
  follow_up_of: string | null;
  passed: number;
  before: number | null;
};

export type FeedbackRecord = {
  location_id: string;
  submitted_at: Date;
  confidence: number;
  barrier_type: string;
  acted_on: boolean;
};

export type ReviewRecord = {
  location_id: string | null;
  reviewed_at: Date;
};

export interface GovernanceRecords {
  present: boolean;
  issues: IssueRecord[];
  actions: ActionRecord[];
  audits: AuditRecord[];
  feedback: FeedbackRecord[];
  reviews: ReviewRecord[];
}

const EMPTY: Omit<GovernanceRecords, 'present'> = { issues: [], actions: [], audits: [], feedback: [], reviews: [] };

async function hasReceiverColumns(tx: Queryable): Promise<boolean> {
  const { rows } = await tx.query<{ present: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM information_schema.columns
       WHERE table_schema = 'adoption' AND table_name = 'adoption_issues' AND column_name = 'recorded_by') AS present`,
  );
  return rows[0]?.present === true;
}

/** Drivers differ (pg: Date, PGlite: Date; counts as number after the ::int casts); normalise timestamps. */
const toDate = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));
const toDateOrNull = (value: unknown): Date | null => (value === null || value === undefined ? null : toDate(value));

export async function readGovernanceRecords(tx: Queryable, locationIds: readonly string[], starts: Date, ends: Date): Promise<GovernanceRecords> {
  if (!(await governanceStorePresent(tx))) return { present: false, ...EMPTY };
  const range = [[...locationIds], starts.toISOString(), ends.toISOString()];
  const issues = (await tx.query<IssueRecord>(issuesSql(await hasReceiverColumns(tx)), range)).rows.map((row) => ({
    ...row,
    raised_at: toDate(row.raised_at),
    due_at: toDateOrNull(row.due_at),
    resolved_at: toDateOrNull(row.resolved_at),
    last_seen_at: toDateOrNull(row.last_seen_at),
  }));
  const actions = (await tx.query<ActionRecord>(ACTIONS_SQL, range)).rows.map((row) => ({
    ...row,
    raised_at: toDate(row.raised_at),
    due_at: toDateOrNull(row.due_at),
    completed_at: toDateOrNull(row.completed_at),
  }));
  const audits = (await tx.query<AuditRecord>(AUDITS_SQL, range)).rows.map((row) => ({ ...row, audited_at: toDate(row.audited_at) }));
  const feedback = (await tx.query<FeedbackRecord>(FEEDBACK_SQL, range)).rows.map((row) => ({
    ...row,
    submitted_at: toDate(row.submitted_at),
    confidence: Number(row.confidence),
  }));
  const reviews = (await tx.query<ReviewRecord>(REVIEWS_SQL, [[...locationIds], ends.toISOString()])).rows.map((row) => ({
    ...row,
    reviewed_at: toDate(row.reviewed_at),
  }));
  return { present: true, issues, actions, audits, feedback, reviews };
}
