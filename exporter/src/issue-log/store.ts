/**
 * Writes one notification's governance alerts to adoption.adoption_issues in ONE
 * transaction: all of it or, when the store fails, nothing (Alertmanager then
 * retries the whole notification). Per alert: insert the issue if its fingerprint is
 * new (ON CONFLICT DO NOTHING, so two receivers racing cannot make two), else lock
 * the row, work out its next state (state.ts) and update only the columns the
 * receiver owns. owner, notes, priority, category, due_at and summary are never
 * updated: what people wrote stays.
 */
import type { Queryable } from '../db/types.ts';
import { GOVERNANCE_ALERTS, ORGANISATION_LABEL, priorityOf } from './alerts.ts';
import type { WebhookAlert } from './payload.ts';
import { initialState, nextState, sameState, type AlertEvent, type IssueState, type IssueStatus } from './state.ts';

/** created: a new issue; updated: status or times changed; seen: only last_seen_at moved; unchanged; id_taken: see below. */
export type AlertResult = 'created' | 'updated' | 'seen' | 'unchanged' | 'id_taken';

export const INSERT_ISSUE_SQL = `
  INSERT INTO adoption.adoption_issues
    (issue_id, location_id, raised_at, source, category, priority, status, due_at, resolved_at, summary,
     recorded_by, alert_fingerprint, alert_name, indicator, alert_started_at, last_seen_at)
  VALUES ('alert:' || $1, $2, $3, 'alert', $4, $5, $6, NULL, $7, $8, 'alert_receiver', $1, $9, $10, $11, $12)
  ON CONFLICT DO NOTHING
  RETURNING true AS inserted`;

export const LOCK_ISSUE_SQL = `
  SELECT status, resolved_at, raised_at, alert_started_at, last_seen_at
  FROM adoption.adoption_issues WHERE alert_fingerprint = $1 FOR UPDATE`;

export const UPDATE_ISSUE_SQL = `
  UPDATE adoption.adoption_issues
  SET status = $2, resolved_at = $3, raised_at = $4, alert_started_at = $5, last_seen_at = $6
  WHERE alert_fingerprint = $1`;

type LockedRow = {
  status: IssueStatus;
  resolved_at: Date | string | null;
  raised_at: Date | string;
  alert_started_at: Date | string;
  last_seen_at: Date | string;
};

const date = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));
// eslint-disable-next-line no-control-regex -- a label value with control characters is refused as a location
const LOCATION = /^[^\u0000-\u001f]{1,100}$/;

/** The alert's location label as the issue's location (organisation-wide: NULL). */
export function locationOf(alert: WebhookAlert): string | null {
  const location = alert.labels.location;
  if (location === undefined || location === ORGANISATION_LABEL || !LOCATION.test(location)) return null;
  return location;
}

export function eventOf(alert: WebhookAlert, receivedAt: Date): AlertEvent {
  return {
    status: alert.status,
    startsAt: new Date(alert.startsAt),
    endsAt: alert.status === 'resolved' ? new Date(alert.endsAt) : null,
    receivedAt,
  };
}

const iso = (value: Date | null): string | null => (value === null ? null : value.toISOString());

async function insertIssue(tx: Queryable, alert: WebhookAlert, state: IssueState): Promise<boolean> {
  const name = alert.labels.alertname ?? '';
  const summary = (alert.annotations.summary ?? name).slice(0, 500);
  const { rows } = await tx.query(INSERT_ISSUE_SQL, [
    alert.fingerprint,
    locationOf(alert),
    iso(state.raisedAt),
    GOVERNANCE_ALERTS[name]?.category ?? 'workflow',
    priorityOf(alert.labels.severity),
    state.status,
    iso(state.resolvedAt),
    summary,
    name,
    alert.labels.indicator ?? null,
    iso(state.alertStartedAt),
    iso(state.lastSeenAt),
  ]);
  return rows.length > 0;
}

/** Records one governance alert; runs inside the notification's transaction. */
export async function recordAlert(tx: Queryable, alert: WebhookAlert, receivedAt: Date): Promise<AlertResult> {
  const event = eventOf(alert, receivedAt);
  if (await insertIssue(tx, alert, initialState(event))) return 'created';
  const { rows } = await tx.query<LockedRow>(LOCK_ISSUE_SQL, [alert.fingerprint]);
  const row = rows[0];
  // The insert met a conflict but no row has the fingerprint: its issue_id is taken by an
  // imported issue written before the importer reserved `alert:` ids. Skipped, and logged.
  if (!row) return 'id_taken';
  const stored: IssueState = {
    status: row.status,
    resolvedAt: row.resolved_at === null ? null : date(row.resolved_at),
    raisedAt: date(row.raised_at),
    alertStartedAt: date(row.alert_started_at),
    lastSeenAt: date(row.last_seen_at),
  };
  const next = nextState(stored, event);
  if (sameState(stored, next)) return 'unchanged';
  await tx.query(UPDATE_ISSUE_SQL, [alert.fingerprint, next.status, iso(next.resolvedAt), iso(next.raisedAt), iso(next.alertStartedAt), iso(next.lastSeenAt)]);
  const onlySeen = sameState({ ...stored, lastSeenAt: next.lastSeenAt }, next);
  return onlySeen ? 'seen' : 'updated';
}
