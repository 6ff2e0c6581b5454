import type { Queryable } from '../../db/types.ts';
import { family, type MetricFamily, type Sample } from '../../engine/types.ts';
import { GOVERNANCE_WINDOWS, governanceUnit, key, locationsToPublish, WINDOWS_CTE, type GovernanceContext } from '../measure.ts';
import {
  FEEDBACK_ACTED_ON_DENOMINATOR,
  FEEDBACK_ACTED_ON_NUMERATOR,
  FEEDBACK_ACTED_ON_RATIO,
  FEEDBACK_ACTED_ON_SUPPRESSED,
  FEEDBACK_BARRIERS_NOT_ACTED_ON,
} from '../../shared/metrics.ts';

/**
 * feedback_acted_on (higher is better): a barrier (barrier_type other than none) is
 * judged once it is 30 days old, so "in window" means its 30-day mark falls in
 * [now - window, now). Denominator = those barriers; numerator = those with a linked
 * corrective action: linked_feedback_theme equal to one of the response's themes or
 * its barrier type, at its location or organisation-wide, not already completed when
 * the response was submitted. Suppressed below the minimum cohort.
 *
 * barriers_not_acted_on = denominator - numerator, published whenever at least the
 * minimum cohort of responses (any barrier type) were submitted in the same period,
 * so a single unaddressed barrier can alert without singling out who raised it.
 */
export const FEEDBACK_ACTED_ON_SQL = `
  WITH ${WINDOWS_CTE}
  SELECT s.location_id, w.label AS "window",
         count(*)::int AS responses,
         count(*) FILTER (WHERE s.barrier_type <> 'none')::int AS denominator,
         count(*) FILTER (WHERE s.barrier_type <> 'none' AND EXISTS (
           SELECT 1 FROM adoption.corrective_actions ca
           WHERE ca.linked_feedback_theme IS NOT NULL
             AND (ca.linked_feedback_theme = ANY (s.themes) OR ca.linked_feedback_theme = s.barrier_type)
             AND (ca.location_id = s.location_id OR ca.location_id IS NULL)
             AND coalesce(ca.completed_at, 'infinity'::timestamptz) >= s.submitted_at))::int AS numerator
  FROM w
  JOIN adoption.staff_feedback s
    ON s.submitted_at >= w.starts - interval '30 days' AND s.submitted_at < $1::timestamptz - interval '30 days'
  GROUP BY 1, 2`;

type ActedOnRow = {
  location_id: string;
  window: string;
  responses: number;
  denominator: number;
  numerator: number;
};

async function read(tx: Queryable, now: Date): Promise<ActedOnRow[]> {
  return (await tx.query<ActedOnRow>(FEEDBACK_ACTED_ON_SQL, [now.toISOString()])).rows;
}

function assemble(rows: ActedOnRow[], context: GovernanceContext): MetricFamily[] {
  const byKey = new Map(rows.map((row) => [key(row.location_id, row.window), row]));
  const ratio: Sample[] = [];
  const numerator: Sample[] = [];
  const denominator: Sample[] = [];
  const suppressed: Sample[] = [];
  const notActedOn: Sample[] = [];
  for (const location of locationsToPublish(
    context,
    rows.map((row) => row.location_id),
  )) {
    for (const { label: window } of GOVERNANCE_WINDOWS) {
      const row = byKey.get(key(location, window));
      const labels = { location, window };
      const den = row?.denominator ?? 0;
      const num = row?.numerator ?? 0;
      if ((row?.responses ?? 0) >= context.minCohort) notActedOn.push({ labels, value: den - num });
      const hidden = den < context.minCohort;
      suppressed.push({ labels, value: hidden ? 1 : 0 });
      if (hidden) continue;
      ratio.push({ labels, value: num / den });
      numerator.push({ labels, value: num });
      denominator.push({ labels, value: den });
    }
  }
  return [
    family(FEEDBACK_ACTED_ON_RATIO, ratio),
    family(FEEDBACK_ACTED_ON_NUMERATOR, numerator),
    family(FEEDBACK_ACTED_ON_DENOMINATOR, denominator),
    family(FEEDBACK_ACTED_ON_SUPPRESSED, suppressed),
    family(FEEDBACK_BARRIERS_NOT_ACTED_ON, notActedOn),
  ];
}

export const feedbackActedOnUnit = governanceUnit({ measure: 'feedback_acted_on', read, assemble });
