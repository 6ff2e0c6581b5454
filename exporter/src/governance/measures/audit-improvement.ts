import type { Queryable } from '../../db/types.ts';
import { family, type MetricFamily, type Sample } from '../../engine/types.ts';
import { GOVERNANCE_WINDOWS, governanceUnit, key, locationsToPublish, WINDOWS_CTE, type GovernanceContext } from '../measure.ts';
import { AUDIT_FOLLOW_UPS, AUDIT_FOLLOW_UPS_NOT_IMPROVED, AUDIT_IMPROVEMENT } from '../../shared/metrics.ts';

/**
 * audit_improvement: for every follow-up audit (follow_up_of set) audited in the
 * window, the change in the share of the four criteria passed, follow-up minus the
 * audit it re-checks (-1..1; +0.5 = two more criteria pass). Published as the mean
 * over the window's follow-ups, with the count of follow-ups and of those that did
 * not improve: the follow-up still fails a criterion and passes no more than before.
 * Audits judge records, not people, and each follow-up is a governance action, so
 * these are not suppressed (absent when there is no follow-up).
 */
export const AUDIT_IMPROVEMENT_SQL = `
  WITH ${WINDOWS_CTE}
  SELECT f.location_id, w.label AS "window",
         count(*)::int AS follow_ups,
         count(*) FILTER (WHERE s.after < 4 AND s.after <= s.before)::int AS not_improved,
         sum(s.after - s.before)::int AS criteria_change
  FROM w
  JOIN adoption.record_audits f ON f.follow_up_of IS NOT NULL AND f.audited_at >= w.starts AND f.audited_at < $1::timestamptz
  JOIN adoption.record_audits o ON o.audit_id = f.follow_up_of
  CROSS JOIN LATERAL (SELECT
      f.complete::int + f.person_specific::int + f.timely::int + f.correct_section::int AS after,
      o.complete::int + o.person_specific::int + o.timely::int + o.correct_section::int AS before) AS s
  GROUP BY 1, 2`;

type ImprovementRow = {
  location_id: string;
  window: string;
  follow_ups: number;
  not_improved: number;
  criteria_change: number;
};

async function read(tx: Queryable, now: Date): Promise<ImprovementRow[]> {
  return (await tx.query<ImprovementRow>(AUDIT_IMPROVEMENT_SQL, [now.toISOString()])).rows;
}

function assemble(rows: ImprovementRow[], context: GovernanceContext): MetricFamily[] {
  const byKey = new Map(rows.map((row) => [key(row.location_id, row.window), row]));
  const improvement: Sample[] = [];
  const followUps: Sample[] = [];
  const notImproved: Sample[] = [];
  for (const location of locationsToPublish(
    context,
    rows.map((row) => row.location_id),
  )) {
    for (const { label: window } of GOVERNANCE_WINDOWS) {
      const row = byKey.get(key(location, window));
      const labels = { location, window };
      followUps.push({ labels, value: row?.follow_ups ?? 0 });
      notImproved.push({ labels, value: row?.not_improved ?? 0 });
      if (row && row.follow_ups > 0) improvement.push({ labels, value: row.criteria_change / (4 * row.follow_ups) });
    }
  }
  return [family(AUDIT_IMPROVEMENT, improvement), family(AUDIT_FOLLOW_UPS, followUps), family(AUDIT_FOLLOW_UPS_NOT_IMPROVED, notImproved)];
}

export const auditImprovementUnit = governanceUnit({ measure: 'audit_improvement', read, assemble });
