/**
 * The privileges of the issue-log receiver's own login (ISSUE_LOG_DATABASE_URL): write
 * adoption.adoption_issues and nothing else. INSERT for new issues; UPDATE of the
 * columns the receiver owns; SELECT of the columns it reads while locking a row
 * (SELECT ... FOR UPDATE needs both). The exporter's own login stays read-only.
 * `migrate-governance --issue-log-role NAME` applies these to an existing role;
 * docs/evidence.md prints the same statements for a DBA.
 */
import { UserError } from '../errors.ts';

const ROLE = /^[a-z_][a-z0-9_]{0,62}$/;

export function issueLogGrants(role: string): string[] {
  if (!ROLE.test(role)) throw new UserError(`--issue-log-role: "${role.slice(0, 70)}" is not a plain role name (lower case letters, digits, _)`);
  return [
    `GRANT USAGE ON SCHEMA adoption TO ${role}`,
    `GRANT INSERT ON adoption.adoption_issues TO ${role}`,
    `GRANT SELECT (alert_fingerprint, status, raised_at, resolved_at, alert_started_at, last_seen_at),
       UPDATE (status, raised_at, resolved_at, alert_started_at, last_seen_at)
       ON adoption.adoption_issues TO ${role}`,
  ];
}
