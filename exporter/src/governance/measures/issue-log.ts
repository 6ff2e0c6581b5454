import type { Queryable } from '../../db/types.ts';
import { family, type MetricFamily, type Sample } from '../../engine/types.ts';
import { ISSUE_CATEGORIES, ISSUE_PRIORITIES } from '../import/logs.ts';
import { GOVERNANCE_WINDOWS, governanceUnit, key, locationLabel, locationsToPublish, WINDOWS_CTE, type GovernanceContext } from '../measure.ts';
import { ISSUES_OPEN, ISSUES_OVERDUE, ISSUES_RESOLVED, ISSUE_RESOLUTION_MEDIAN_SECONDS } from '../../shared/metrics.ts';

/**
 * The adoption issue log. Live: issues open (status open or in_progress) and, of
 * those, overdue (due_at before now), by category and priority. Windowed: issues
 * resolved (status resolved, resolved_at in the window) and the median time from
 * raised to resolved. Organisation-wide issues are published as location="organisation".
 * Issues are about the organisation's work, not people: not suppressed.
 */
export const ISSUES_OPEN_SQL = `
  SELECT location_id, category, priority,
         count(*)::int AS open,
         count(*) FILTER (WHERE due_at < $1::timestamptz)::int AS overdue
  FROM adoption.adoption_issues
  WHERE status IN ('open', 'in_progress')
  GROUP BY 1, 2, 3`;

export const ISSUES_RESOLVED_SQL = `
  WITH ${WINDOWS_CTE}
  SELECT i.location_id, w.label AS "window", count(*)::int AS resolved,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM i.resolved_at - i.raised_at))::float8 AS median_seconds
  FROM w
  JOIN adoption.adoption_issues i ON i.status = 'resolved' AND i.resolved_at >= w.starts AND i.resolved_at < $1::timestamptz
  GROUP BY 1, 2`;

type OpenRow = {
  location_id: string | null;
  category: string;
  priority: string;
  open: number;
  overdue: number;
};
type ResolvedRow = {
  location_id: string | null;
  window: string;
  resolved: number;
  median_seconds: number;
};
export interface IssueLogRows {
  open: OpenRow[];
  resolved: ResolvedRow[];
}

async function read(tx: Queryable, now: Date): Promise<IssueLogRows> {
  const params = [now.toISOString()];
  return {
    open: (await tx.query<OpenRow>(ISSUES_OPEN_SQL, params)).rows,
    resolved: (await tx.query<ResolvedRow>(ISSUES_RESOLVED_SQL, params)).rows,
  };
}

function assemble(rows: IssueLogRows, context: GovernanceContext): MetricFamily[] {
  const open = new Map(rows.open.map((row) => [key(locationLabel(row.location_id), row.category, row.priority), row]));
  const resolved = new Map(rows.resolved.map((row) => [key(locationLabel(row.location_id), row.window), row]));
  const named = [...rows.open, ...rows.resolved].map((row) => locationLabel(row.location_id));
  const openSamples: Sample[] = [];
  const overdueSamples: Sample[] = [];
  const resolvedSamples: Sample[] = [];
  const medianSamples: Sample[] = [];
  for (const location of locationsToPublish(context, named, true)) {
    for (const category of ISSUE_CATEGORIES) {
      for (const priority of ISSUE_PRIORITIES) {
        const row = open.get(key(location, category, priority));
        const labels = { category, location, priority };
        openSamples.push({ labels, value: row?.open ?? 0 });
        overdueSamples.push({ labels, value: row?.overdue ?? 0 });
      }
    }
    for (const { label: window } of GOVERNANCE_WINDOWS) {
      const row = resolved.get(key(location, window));
      resolvedSamples.push({ labels: { location, window }, value: row?.resolved ?? 0 });
      if (row) medianSamples.push({ labels: { location, window }, value: Number(row.median_seconds) });
    }
  }
  return [
    family(ISSUES_OPEN, openSamples),
    family(ISSUES_OVERDUE, overdueSamples),
    family(ISSUES_RESOLVED, resolvedSamples),
    family(ISSUE_RESOLUTION_MEDIAN_SECONDS, medianSamples),
  ];
}

export const issueLogUnit = governanceUnit({ measure: 'issue_log', read, assemble });
