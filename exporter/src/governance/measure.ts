/**
 * The shape every governance measure shares: one query unit over the governance
 * store (schema `adoption`) and a pure assembly of its result into metric families.
 * Windows are 28d and 90d, "in window" meaning the reference time falls in
 * [now - window, now), as for the ECM indicators.
 */
import type { Queryable } from '../db/types.ts';
import type { LocationInfo, MetricFamily, QueryUnit } from '../engine/types.ts';
import { isPermissionDenied, probeGovernanceStore, type GovernanceStoreState } from './store.ts';
import { ORGANISATION } from './import/columns.ts';
import { EVIDENCE_WINDOWS, type GovernancePhase } from '../shared/windows.ts';

export { ORGANISATION };
export type { GovernancePhase };

/** The evidence windows, shared with the dashboards (../shared/windows.ts). */
export const GOVERNANCE_WINDOWS = EVIDENCE_WINDOWS;

/** The windows as a CTE `w(label, starts)`; $1 is now. */
export const WINDOWS_CTE = `w(label, starts) AS (VALUES ${GOVERNANCE_WINDOWS.map(
  (window) => `('${window.label}', $1::timestamptz - interval '${window.days} days')`,
).join(', ')})`;

export interface GovernanceContext {
  now: Date;
  locations: readonly LocationInfo[];
  /** Same minimum cohort as the ECM indicators (settings.minCohort, default 5). */
  minCohort: number;
  /** Each location's governance phase, from the domain; a location without one gets no review due/overdue. */
  phases: ReadonlyMap<string, GovernancePhase>;
}

/**
 * What a governance unit returns: its rows, bound to the measure's assembly, or the
 * state that kept it from reading them (store never migrated, or no grant on schema
 * `adoption`). A class, so the assembly can narrow an outcome's `unknown` value with
 * instanceof instead of trusting a cast.
 */
export class GovernanceOutcome {
  constructor(
    readonly measure: string,
    readonly state: GovernanceStoreState,
    /** current_user, to name in the grants to add when the state is no_permission. */
    readonly role: string,
    private readonly render: (context: GovernanceContext) => MetricFamily[],
  ) {}

  /** True when there was nothing to read (never migrated, or not readable by this role). */
  get absent(): boolean {
    return this.state !== 'ready';
  }

  families(context: GovernanceContext): MetricFamily[] {
    return this.absent ? [] : this.render(context);
  }
}

export interface MeasureSpec<Rows> {
  measure: string;
  read(tx: Queryable, now: Date): Promise<Rows>;
  assemble(rows: Rows, context: GovernanceContext): MetricFamily[];
}

/**
 * Unit names carry the `governance_` prefix, so a runtime can route them to the governance store.
 * A store this role may not read is a state, like a store never migrated, not a query error:
 * the probe finds it without an error, and a 42501 from the read itself (grants revoked
 * between probe and read) is turned into the same state.
 */
export function governanceUnit<Rows>(spec: MeasureSpec<Rows>): QueryUnit<unknown, GovernanceOutcome> {
  return {
    name: `governance_${spec.measure}`,
    async run(tx, context) {
      const { state, role } = await probeGovernanceStore(tx);
      if (state !== 'ready') return new GovernanceOutcome(spec.measure, state, role, () => []);
      try {
        const rows = await spec.read(tx, context.now);
        return new GovernanceOutcome(spec.measure, 'ready', role, (governance) => spec.assemble(rows, governance));
      } catch (error) {
        if (isPermissionDenied(error)) return new GovernanceOutcome(spec.measure, 'no_permission', role, () => []);
        throw error;
      }
    },
  };
}

/** The label value of a row's location: organisation-wide rows (NULL) get `organisation`. */
export const locationLabel = (locationId: string | null): string => locationId ?? ORGANISATION;

/** The locations to publish for: every ECM location plus any the rows name. */
export function locationsToPublish(context: GovernanceContext, fromRows: Iterable<string>, withOrganisation = false): string[] {
  const ids = new Set(context.locations.map((location) => location.locationId));
  for (const id of fromRows) ids.add(id);
  if (withOrganisation) ids.add(ORGANISATION);
  return [...ids].sort();
}

export const key = (...parts: readonly string[]): string => parts.join('\u0000');
