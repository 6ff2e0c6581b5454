/**
 * Indicator counts over many windows (the weeks since go-live, then the review
 * periods that are not whole weeks) with the indicators' own SQL: one grouped query
 * per indicator, run as several bounded statements in the caller's READ ONLY
 * transaction, so no statement's cost grows with the number of locations or the
 * length of the period.
 */
import type { Queryable } from '../db/types.ts';
import { runIndicator, type WindowCount, type WindowSpec } from '../engine/domain-units.ts';
import type { IndicatorSettings } from '../indicators/settings.ts';
import type { IndicatorDefinition } from '../indicators/types.ts';

/** The medium profile's size: there the slowest statement (duplication) takes 2 to 3 s against a 10 s timeout. */
export const LOCATIONS_PER_STATEMENT = 10;

/** Days of windows per location in one statement: about the 8 weeks the refresh reads at most. */
export const DAYS_PER_STATEMENT = 56;

export interface StatementBudget {
  locations: number;
  daysPerLocation: number;
}

const DAY_MS = 86_400_000;

/**
 * Splits windows into statements: locations in groups of at most `locations`, and
 * each location's windows so that their days add up to at most `daysPerLocation`
 * per statement (a window longer than that goes alone).
 */
export function chunkWindows(
  windows: readonly WindowSpec[],
  budget: StatementBudget = { locations: LOCATIONS_PER_STATEMENT, daysPerLocation: DAYS_PER_STATEMENT },
): WindowSpec[][] {
  const byLocation = new Map<string, WindowSpec[][]>();
  for (const window of windows) {
    const chunks = byLocation.get(window.locationId) ?? [];
    byLocation.set(window.locationId, chunks);
    const days = (window.ends.getTime() - window.starts.getTime()) / DAY_MS;
    const last = chunks.at(-1);
    const used = last ? last.reduce((sum, w) => sum + (w.ends.getTime() - w.starts.getTime()) / DAY_MS, 0) : Number.POSITIVE_INFINITY;
    if (last && used + days <= budget.daysPerLocation) last.push(window);
    else chunks.push([window]);
  }
  const groups = [...byLocation.values()];
  const statements: WindowSpec[][] = [];
  for (let first = 0; first < groups.length; first += Math.max(1, budget.locations)) {
    const group = groups.slice(first, first + Math.max(1, budget.locations));
    const rounds = Math.max(0, ...group.map((chunks) => chunks.length));
    for (let round = 0; round < rounds; round += 1) statements.push(group.flatMap((chunks) => chunks[round] ?? []));
  }
  return statements.filter((statement) => statement.length > 0);
}

export const countKey = (locationId: string, label: string): string => `${locationId}\u0000${label}`;

/** Counts of one indicator per (location, window label). */
export async function readIndicatorCounts(
  tx: Queryable,
  indicator: IndicatorDefinition,
  windows: readonly WindowSpec[],
  context: { now: Date; settings: IndicatorSettings },
): Promise<Map<string, WindowCount>> {
  const counts = new Map<string, WindowCount>();
  for (const statement of chunkWindows(windows)) {
    for (const count of await runIndicator(tx, indicator, statement, context.now, context.settings))
      counts.set(countKey(count.locationId, count.window), count);
  }
  return counts;
}

/** Counts of every indicator over the same windows: indicator name -> key -> counts. */
export async function readAllIndicatorCounts(
  tx: Queryable,
  indicators: readonly IndicatorDefinition[],
  windows: readonly WindowSpec[],
  context: { now: Date; settings: IndicatorSettings },
): Promise<Map<string, Map<string, WindowCount>>> {
  const all = new Map<string, Map<string, WindowCount>>();
  for (const indicator of indicators) all.set(indicator.name, await readIndicatorCounts(tx, indicator, windows, context));
  return all;
}
