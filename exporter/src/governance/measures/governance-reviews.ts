import type { Queryable } from '../../db/types.ts';
import { family, type MetricFamily, type Sample } from '../../engine/types.ts';
import { startOfLocalDay } from '../../engine/domain-time.ts';
import { GOVERNANCE_WINDOWS, governanceUnit, ORGANISATION, WINDOWS_CTE, type GovernanceContext, type GovernancePhase } from '../measure.ts';
import { GOVERNANCE_REVIEWS, GOVERNANCE_REVIEW_AGE_SECONDS, GOVERNANCE_REVIEW_DUE_SECONDS, GOVERNANCE_REVIEW_OVERDUE } from '../../shared/metrics.ts';

/**
 * Governance reviews. A location is covered by its own reviews and by
 * organisation-wide ones (a project board reviews every location). Review age =
 * now - its latest review (or its go-live when it has none); a review is due every
 * 7 days in the weekly phase and every 31 days in the monthly phase, and overdue
 * when the age exceeds that. Reviews in the window are counted too.
 */
export const REVIEW_DUE_DAYS: Readonly<Record<GovernancePhase, number>> = { weekly: 7, monthly: 31 };

export const REVIEWS_SQL = `
  WITH ${WINDOWS_CTE}
  SELECT r.location_id, max(r.reviewed_at) AS last_reviewed_at,
         count(*) FILTER (WHERE r.reviewed_at >= (SELECT starts FROM w WHERE label = '28d'))::int AS reviews_28d,
         count(*) FILTER (WHERE r.reviewed_at >= (SELECT starts FROM w WHERE label = '90d'))::int AS reviews_90d
  FROM adoption.governance_reviews r
  WHERE r.reviewed_at < $1::timestamptz
  GROUP BY 1`;

type ReviewRow = {
  location_id: string | null;
  last_reviewed_at: Date;
  reviews_28d: number;
  reviews_90d: number;
};

async function read(tx: Queryable, now: Date): Promise<ReviewRow[]> {
  return (await tx.query<ReviewRow>(REVIEWS_SQL, [now.toISOString()])).rows;
}

function assemble(rows: ReviewRow[], context: GovernanceContext): MetricFamily[] {
  const byLocation = new Map(rows.map((row) => [row.location_id ?? ORGANISATION, row]));
  const organisation = byLocation.get(ORGANISATION);
  const age: Sample[] = [];
  const due: Sample[] = [];
  const overdue: Sample[] = [];
  const counts: Sample[] = [];
  for (const location of [...context.locations].sort((a, b) => a.locationId.localeCompare(b.locationId))) {
    const own = byLocation.get(location.locationId);
    const latest = Math.max(
      own ? new Date(own.last_reviewed_at).getTime() : -Infinity,
      organisation ? new Date(organisation.last_reviewed_at).getTime() : -Infinity,
      startOfLocalDay(location.goLiveDate, location.timezone).getTime(),
    );
    const labels = { location: location.locationId };
    const ageSeconds = Math.max(0, (context.now.getTime() - latest) / 1000);
    age.push({ labels, value: ageSeconds });
    for (const { label: window } of GOVERNANCE_WINDOWS) {
      const column = window === '28d' ? 'reviews_28d' : 'reviews_90d';
      counts.push({ labels: { location: location.locationId, window }, value: (own?.[column] ?? 0) + (organisation?.[column] ?? 0) });
    }
    const phase = context.phases.get(location.locationId);
    if (phase === undefined) continue; // phase unknown this refresh: no guess at what is due
    const dueSeconds = REVIEW_DUE_DAYS[phase] * 86_400;
    due.push({ labels, value: dueSeconds });
    overdue.push({ labels, value: ageSeconds > dueSeconds ? 1 : 0 });
  }
  return [
    family(GOVERNANCE_REVIEW_AGE_SECONDS, age),
    family(GOVERNANCE_REVIEW_DUE_SECONDS, due),
    family(GOVERNANCE_REVIEW_OVERDUE, overdue),
    family(GOVERNANCE_REVIEWS, counts),
  ];
}

export const governanceReviewsUnit = governanceUnit({ measure: 'reviews', read, assemble });
