import type { Queryable } from '../../db/types.ts';
import { family, type MetricFamily, type Sample } from '../../engine/types.ts';
import { AUDIT_CRITERIA } from '../import/logs.ts';
import { GOVERNANCE_WINDOWS, governanceUnit, key, locationsToPublish, WINDOWS_CTE, type GovernanceContext } from '../measure.ts';
import { AUDIT_GAPS, AUDIT_PASS_DENOMINATOR, AUDIT_PASS_NUMERATOR, AUDIT_PASS_RATIO, AUDIT_PASS_SUPPRESSED } from '../../shared/metrics.ts';

/**
 * audit_pass (higher is better), per criterion: denominator = record audits with
 * audited_at in the window; numerator = those passing the criterion. Suppressed
 * below the minimum cohort like the ECM indicators. Also failed audits by gap cause.
 */
export const AUDIT_PASS_SQL = `
  WITH ${WINDOWS_CTE}
  SELECT a.location_id, w.label AS "window", c.criterion,
         count(*)::int AS denominator,
         count(*) FILTER (WHERE c.passed)::int AS numerator
  FROM w
  JOIN adoption.record_audits a ON a.audited_at >= w.starts AND a.audited_at < $1::timestamptz
  CROSS JOIN LATERAL (VALUES ('complete', a.complete), ('person_specific', a.person_specific),
                             ('timely', a.timely), ('correct_section', a.correct_section)) AS c(criterion, passed)
  GROUP BY 1, 2, 3`;

export const AUDIT_GAPS_SQL = `
  WITH ${WINDOWS_CTE}
  SELECT a.location_id, w.label AS "window", coalesce(a.gap_cause, 'not_recorded') AS cause, count(*)::int AS audits
  FROM w
  JOIN adoption.record_audits a ON a.audited_at >= w.starts AND a.audited_at < $1::timestamptz
  WHERE NOT (a.complete AND a.person_specific AND a.timely AND a.correct_section)
  GROUP BY 1, 2, 3`;

export const GAP_CAUSE_LABELS = ['training', 'confidence', 'workflow_design', 'individual_practice', 'not_recorded'] as const;

type PassRow = {
  location_id: string;
  window: string;
  criterion: string;
  numerator: number;
  denominator: number;
};
type GapRow = {
  location_id: string;
  window: string;
  cause: string;
  audits: number;
};
export interface AuditPassRows {
  pass: PassRow[];
  gaps: GapRow[];
}

async function read(tx: Queryable, now: Date): Promise<AuditPassRows> {
  const params = [now.toISOString()];
  const pass = (await tx.query<PassRow>(AUDIT_PASS_SQL, params)).rows;
  const gaps = (await tx.query<GapRow>(AUDIT_GAPS_SQL, params)).rows;
  return { pass, gaps };
}

function assemble(rows: AuditPassRows, context: GovernanceContext): MetricFamily[] {
  const counts = new Map(rows.pass.map((row) => [key(row.location_id, row.window, row.criterion), row]));
  const gaps = new Map(rows.gaps.map((row) => [key(row.location_id, row.window, row.cause), row.audits]));
  const ratio: Sample[] = [];
  const numerator: Sample[] = [];
  const denominator: Sample[] = [];
  const suppressed: Sample[] = [];
  const gapSamples: Sample[] = [];
  for (const location of locationsToPublish(
    context,
    rows.pass.map((row) => row.location_id),
  )) {
    for (const { label: window } of GOVERNANCE_WINDOWS) {
      let audited = 0;
      for (const criterion of AUDIT_CRITERIA) {
        const row = counts.get(key(location, window, criterion));
        const labels = { criterion, location, window };
        const den = row?.denominator ?? 0;
        audited = den;
        const hidden = den < context.minCohort;
        suppressed.push({ labels, value: hidden ? 1 : 0 });
        if (hidden) continue;
        const num = row?.numerator ?? 0;
        ratio.push({ labels, value: num / den });
        numerator.push({ labels, value: num });
        denominator.push({ labels, value: den });
      }
      // Gap causes describe the same audits, so they follow the same suppression.
      if (audited < context.minCohort) continue;
      for (const cause of GAP_CAUSE_LABELS) gapSamples.push({ labels: { cause, location, window }, value: gaps.get(key(location, window, cause)) ?? 0 });
    }
  }
  return [
    family(AUDIT_PASS_RATIO, ratio),
    family(AUDIT_PASS_NUMERATOR, numerator),
    family(AUDIT_PASS_DENOMINATOR, denominator),
    family(AUDIT_PASS_SUPPRESSED, suppressed),
    family(AUDIT_GAPS, gapSamples),
  ];
}

export const auditPassUnit = governanceUnit({ measure: 'audit_pass', read, assemble });
