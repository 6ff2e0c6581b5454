/**
 * Governance evidence as the refresh runtime sees it: query units over the
 * governance store (schema `adoption`) and one assembly of their outcomes into
 * metric families. Wiring (see the README, "Governance evidence"):
 *
 *   units:    [...buildQueryUnits(), ...governanceQueryUnits()]
 *   assemble: const domain = assembleFamilies(outcomes, context);
 *             return [...domain, ...assembleGovernanceFamilies(outcomes, {
 *               now, locations, minCohort: settings.minCohort, phases: phasesFromFamilies(domain) })];
 *
 * Every unit name starts with `governance_`: when the store is a separate database
 * (GOVERNANCE_DATABASE_URL) the runtime runs those units on it. A store that was
 * never migrated is not an error: the units return `absent` and only
 * ecm_adoption_governance_store_present 0 is published.
 */
import type { MetricFamily, QueryUnit, UnitOutcome } from '../engine/types.ts';
import { auditImprovementUnit } from './measures/audit-improvement.ts';
import { auditPassUnit } from './measures/audit-pass.ts';
import { correctiveActionsUnit } from './measures/corrective-actions.ts';
import { feedbackActedOnUnit } from './measures/feedback-acted-on.ts';
import { governanceReviewsUnit } from './measures/governance-reviews.ts';
import { issueLogUnit } from './measures/issue-log.ts';
import { staffConfidenceUnit } from './measures/staff-feedback.ts';
import { gauge, GovernanceOutcome, type GovernanceContext, type GovernancePhase } from './measure.ts';

export type { GovernanceContext, GovernancePhase };

const UNITS: ReadonlyArray<QueryUnit<unknown, GovernanceOutcome>> = [
  auditPassUnit,
  auditImprovementUnit,
  staffConfidenceUnit,
  feedbackActedOnUnit,
  issueLogUnit,
  correctiveActionsUnit,
  governanceReviewsUnit,
];

/** Every governance unit (names `governance_*`). Fresh list each call; units hold no state. */
export function governanceQueryUnits(): QueryUnit<unknown, GovernanceOutcome>[] {
  return [...UNITS];
}

export const isGovernanceUnitName = (name: string): boolean => name.startsWith('governance_');

/**
 * The governance metric families of this refresh. A failed unit's metrics are
 * absent (never zeros or stale values); the others are published.
 */
export function assembleGovernanceFamilies(outcomes: ReadonlyMap<string, UnitOutcome<unknown>>, context: GovernanceContext): MetricFamily[] {
  const families: MetricFamily[] = [];
  let present: boolean | undefined;
  for (const unit of UNITS) {
    const outcome = outcomes.get(unit.name);
    if (!outcome?.ok || !(outcome.value instanceof GovernanceOutcome)) continue;
    present = (present ?? true) && !outcome.value.absent;
    // Empty families are left out, as the domain does (no HELP/TYPE without samples).
    families.push(...outcome.value.families(context).filter((family) => family.samples.length > 0));
  }
  if (present !== undefined) {
    families.push(gauge('governance_store_present', '1 when the governance store (schema `adoption`) exists; 0 when it was never migrated, so no governance evidence is published.', [{ labels: {}, value: present ? 1 : 0 }]));
  }
  return families;
}

/** Each location's phase as the domain published it (ecm_adoption_governance_phase{location,phase} == 1). */
export function phasesFromFamilies(families: readonly MetricFamily[]): Map<string, GovernancePhase> {
  const phases = new Map<string, GovernancePhase>();
  for (const sample of families.find((family) => family.name === 'ecm_adoption_governance_phase')?.samples ?? []) {
    const { location, phase } = sample.labels;
    if (sample.value === 1 && location !== undefined && (phase === 'weekly' || phase === 'monthly')) phases.set(location, phase);
  }
  return phases;
}
