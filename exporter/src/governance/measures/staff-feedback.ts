import type { Queryable } from '../../db/types.ts';
import { family, type MetricFamily, type Sample } from '../../engine/types.ts';
import { GOVERNANCE_WINDOWS, governanceUnit, key, locationsToPublish, WINDOWS_CTE, type GovernanceContext } from '../measure.ts';
import { FEEDBACK_BARRIERS, STAFF_CONFIDENCE_MEAN, STAFF_CONFIDENCE_RESPONSES, STAFF_CONFIDENCE_SUPPRESSED } from '../../shared/metrics.ts';

/**
 * staff_confidence: mean confidence (1..5) and response count of staff feedback
 * submitted in the window, and barriers raised by type. Responses are people's
 * answers, so with fewer responses than the minimum cohort only `suppressed` is
 * published (as for the ECM indicators).
 */
export const STAFF_CONFIDENCE_SQL = `
  WITH ${WINDOWS_CTE}
  SELECT s.location_id, w.label AS "window",
         count(*)::int AS responses,
         sum(s.confidence)::int AS confidence_sum,
         count(*) FILTER (WHERE s.barrier_type = 'training')::int AS training,
         count(*) FILTER (WHERE s.barrier_type = 'configuration')::int AS configuration,
         count(*) FILTER (WHERE s.barrier_type = 'local_practice')::int AS local_practice
  FROM w
  JOIN adoption.staff_feedback s ON s.submitted_at >= w.starts AND s.submitted_at < $1::timestamptz
  GROUP BY 1, 2`;

export const BARRIERS = ['training', 'configuration', 'local_practice'] as const;

type ConfidenceRow = {
  location_id: string;
  window: string;
  responses: number;
  confidence_sum: number;
  training: number;
  configuration: number;
  local_practice: number;
};

async function read(tx: Queryable, now: Date): Promise<ConfidenceRow[]> {
  return (await tx.query<ConfidenceRow>(STAFF_CONFIDENCE_SQL, [now.toISOString()])).rows;
}

function assemble(rows: ConfidenceRow[], context: GovernanceContext): MetricFamily[] {
  const byKey = new Map(rows.map((row) => [key(row.location_id, row.window), row]));
  const mean: Sample[] = [];
  const responses: Sample[] = [];
  const suppressed: Sample[] = [];
  const barriers: Sample[] = [];
  for (const location of locationsToPublish(
    context,
    rows.map((row) => row.location_id),
  )) {
    for (const { label: window } of GOVERNANCE_WINDOWS) {
      const row = byKey.get(key(location, window));
      const labels = { location, window };
      const count = row?.responses ?? 0;
      const hidden = count < context.minCohort;
      suppressed.push({ labels, value: hidden ? 1 : 0 });
      if (hidden || !row) continue;
      mean.push({ labels, value: row.confidence_sum / count });
      responses.push({ labels, value: count });
      for (const barrier of BARRIERS) barriers.push({ labels: { barrier, location, window }, value: row[barrier] });
    }
  }
  return [
    family(STAFF_CONFIDENCE_MEAN, mean),
    family(STAFF_CONFIDENCE_RESPONSES, responses),
    family(STAFF_CONFIDENCE_SUPPRESSED, suppressed),
    family(FEEDBACK_BARRIERS, barriers),
  ];
}

export const staffConfidenceUnit = governanceUnit({ measure: 'staff_confidence', read, assemble });
