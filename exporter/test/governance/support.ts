import type { Db } from '../../src/db/types.ts';
import type { LocationInfo, MetricFamily, UnitOutcome } from '../../src/engine/types.ts';
import { assembleGovernanceFamilies, governanceQueryUnits, type GovernancePhase } from '../../src/governance/units.ts';

export function location(locationId: string, goLiveDate: string): LocationInfo {
  return { locationId, name: locationId, serviceType: 'residential', goLiveDate, timezone: 'Europe/London' };
}

/** Runs every governance unit as the runtime does (own READ ONLY transaction each) and assembles them. */
export async function refreshGovernance(
  db: Db,
  options: { now: Date; locations: LocationInfo[]; phases: ReadonlyMap<string, GovernancePhase>; minCohort?: number },
): Promise<MetricFamily[]> {
  const outcomes = new Map<string, UnitOutcome<unknown>>();
  for (const unit of governanceQueryUnits()) {
    const value = await db.readOnly((tx) => unit.run(tx, { now: options.now, settings: {}, locations: options.locations }), { statementTimeoutMs: 10_000 });
    outcomes.set(unit.name, { ok: true, value });
  }
  return assembleGovernanceFamilies(outcomes, { now: options.now, locations: options.locations, phases: options.phases, minCohort: options.minCohort ?? 5 });
}

/** The value of the one sample of `name` with exactly these labels; undefined when absent. */
export function valueOf(families: readonly MetricFamily[], name: string, labels: Readonly<Record<string, string>>): number | undefined {
  const family = families.find((candidate) => candidate.definition.name === name);
  const wanted = JSON.stringify(Object.entries(labels).sort());
  const matches = (family?.samples ?? []).filter((sample) => JSON.stringify(Object.entries(sample.labels).sort()) === wanted);
  if (matches.length > 1) throw new Error(`${matches.length} samples of ${name} with labels ${wanted}`);
  return matches[0]?.value;
}
