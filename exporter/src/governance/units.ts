/**
 * Governance evidence as the refresh runtime sees it: query units over the
 * governance store (schema `adoption`) and one assembly of their outcomes into
 * metric families. Wiring (see docs/governance-logs.md):
 *
 *   units:    [...buildQueryUnits(), ...governanceQueryUnits()]
 *   assemble: const domain = assembleFamilies(outcomes, context);
 *             return [...domain, ...assembleGovernanceFamilies(outcomes, {
 *               now, locations, minCohort: settings.minCohort, phases: phasesFromFamilies(domain) })];
 *
 * Every unit name starts with `governance_`: when the store is a separate database
 * (GOVERNANCE_DATABASE_URL) the runtime runs those units on it. A store that was
 * never migrated, or that this role may not read, is not an error: the units return
 * that state, and only ecm_adoption_governance_store_state{state} (and
 * ecm_adoption_governance_store_present 0) is published.
 */
import { family, type MetricFamily, type QueryUnit, type UnitOutcome } from '../engine/types.ts';
import { auditImprovementUnit } from './measures/audit-improvement.ts';
import { auditPassUnit } from './measures/audit-pass.ts';
import { correctiveActionsUnit } from './measures/corrective-actions.ts';
import { feedbackActedOnUnit } from './measures/feedback-acted-on.ts';
import { governanceReviewsUnit } from './measures/governance-reviews.ts';
import { issueLogUnit } from './measures/issue-log.ts';
import { staffConfidenceUnit } from './measures/staff-feedback.ts';
import type { LaneNotice } from '../runtime/pipeline.ts';
import { GovernanceOutcome, type GovernanceContext, type GovernancePhase } from './measure.ts';
import { GOVERNANCE_STORE_STATES, governanceGrants, type GovernanceStoreState } from './store.ts';
import { GOVERNANCE_PHASE, GOVERNANCE_STORE_PRESENT, GOVERNANCE_STORE_STATE } from '../shared/metrics.ts';

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
 * The store's state as the units of this refresh saw it; undefined when none of them
 * answered (the governance database is down): then no state is published at all.
 * A unit that could not read for want of a grant makes the state `no_permission`.
 */
export function governanceStoreState(outcomes: ReadonlyMap<string, UnitOutcome<unknown>>): { state: GovernanceStoreState; role: string } | undefined {
  let seen: { state: GovernanceStoreState; role: string } | undefined;
  const rank: Record<GovernanceStoreState, number> = { ready: 0, not_migrated: 1, no_permission: 2 };
  for (const unit of UNITS) {
    const outcome = outcomes.get(unit.name);
    if (!outcome?.ok || !(outcome.value instanceof GovernanceOutcome)) continue;
    const { state, role } = outcome.value;
    if (seen === undefined || rank[state] > rank[seen.state]) seen = { state, role };
  }
  return seen;
}

/**
 * The governance metric families of this refresh. A failed unit's metrics are
 * absent (never zeros or stale values); the others are published.
 */
export function assembleGovernanceFamilies(outcomes: ReadonlyMap<string, UnitOutcome<unknown>>, context: GovernanceContext): MetricFamily[] {
  const families: MetricFamily[] = [];
  for (const unit of UNITS) {
    const outcome = outcomes.get(unit.name);
    if (!outcome?.ok || !(outcome.value instanceof GovernanceOutcome)) continue;
    // Empty families are left out, as the domain does (no HELP/TYPE without samples).
    families.push(...outcome.value.families(context).filter((family) => family.samples.length > 0));
  }
  const store = governanceStoreState(outcomes);
  if (store !== undefined) {
    families.push(
      family(GOVERNANCE_STORE_PRESENT, [{ labels: {}, value: store.state === 'ready' ? 1 : 0 }]),
      family(
        GOVERNANCE_STORE_STATE,
        GOVERNANCE_STORE_STATES.map((state) => ({ labels: { state }, value: state === store.state ? 1 : 0 })),
      ),
    );
  }
  return families;
}

/**
 * A store the exporter may not read: said once (the lane logs a notice when it first
 * appears), with the exact grants, instead of a query error on every refresh.
 */
export function governanceNotices(outcomes: ReadonlyMap<string, UnitOutcome<unknown>>): LaneNotice[] {
  const store = governanceStoreState(outcomes);
  if (store?.state !== 'no_permission') return [];
  return [
    {
      key: `governance_no_permission:${store.role}`,
      message: 'governance store not readable by this role: no governance evidence is published until these grants are added',
      fields: { role: store.role, grants: governanceGrants(store.role) },
    },
  ];
}

/** Each location's phase as the domain published it (ecm_adoption_governance_phase{location,phase} == 1). */
export function phasesFromFamilies(families: readonly MetricFamily[]): Map<string, GovernancePhase> {
  const phases = new Map<string, GovernancePhase>();
  for (const sample of families.find((candidate) => candidate.definition === GOVERNANCE_PHASE)?.samples ?? []) {
    const { location, phase } = sample.labels;
    if (sample.value === 1 && location !== undefined && (phase === 'weekly' || phase === 'monthly')) phases.set(location, phase);
  }
  return phases;
}
