/**
 * The reference the backfill is checked against: the indicator SQL itself, run with
 * now = t on the database as it was at t (completions, acknowledgements, notes and
 * logins stamped after t removed inside a transaction that is rolled back), and the
 * governance phase replayed from the weekly history as a refresh at t computes it.
 */
import type { Db, Queryable } from '../../src/db/index.ts';
import { rollingWindows, runIndicator, weeklyWindows, type WindowCount } from '../../src/engine/domain-units.ts';
import type { LocationInfo } from '../../src/engine/types.ts';
import { coreIndicators, phaseRules } from '../../src/backfill/location.ts';
import { INDICATORS } from '../../src/indicators/index.ts';
import type { IndicatorSettings } from '../../src/indicators/settings.ts';
import { governancePhase, type WeekCounts } from '../../src/phase/phase.ts';

export interface OracleAt {
  /** `${indicator}/${window}` -> [numerator, denominator]. */
  rolling: Record<string, [number, number]>;
  phase: string;
  streak: number;
}

class Rollback<T> extends Error {
  constructor(readonly result: T) {
    super('rollback');
  }
}

async function asOf(tx: Queryable, t: Date): Promise<void> {
  const instant = t.toISOString();
  await tx.query('UPDATE ecm.tasks SET completed_at = NULL WHERE completed_at > $1', [instant]);
  await tx.query('UPDATE ecm.alerts SET acknowledged_at = NULL WHERE acknowledged_at > $1', [instant]);
  await tx.query('DELETE FROM ecm.care_notes WHERE recorded_at > $1', [instant]);
  await tx.query('DELETE FROM ecm.sessions WHERE started_at > $1', [instant]);
}

async function compute(tx: Queryable, location: LocationInfo, t: Date, settings: IndicatorSettings): Promise<OracleAt> {
  const rolling: Record<string, [number, number]> = {};
  for (const indicator of INDICATORS) {
    for (const count of await runIndicator(tx, indicator, rollingWindows([location], t), t, settings)) {
      rolling[`${indicator.name}/${count.window}`] = [count.numerator, count.denominator];
    }
  }
  const weeks = weeklyWindows([location], t);
  const byIndicator = new Map<string, Map<string, { numerator: number; denominator: number }>>();
  for (const core of coreIndicators(settings)) {
    const indicator = INDICATORS.find((candidate) => candidate.name === core.name);
    if (!indicator) continue;
    const counts = await runIndicator(tx, indicator, weeks, t, settings);
    byIndicator.set(core.name, new Map(counts.map((count) => [count.window, count])));
  }
  const weekCounts: WeekCounts[] = weeks.map((week) => ({
    monday: week.label,
    byIndicator: new Map(
      [...byIndicator].flatMap(([name, counts]) =>
        counts.get(week.label) ? [[name, counts.get(week.label) ?? { numerator: 0, denominator: 0 }] as const] : [],
      ),
    ),
  }));
  const result = governancePhase({ goLiveDate: location.goLiveDate, weeks: weekCounts, pin: settings.phasePins[location.locationId] }, phaseRules(settings));
  return { rolling, phase: result.phase, streak: result.weeksOnTarget };
}

/** Runs fn on the database as it was at t, in a transaction that is always rolled back. */
async function asOfInstant<T>(db: Db, t: Date, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  try {
    await db.transaction(async (tx) => {
      await asOf(tx, t);
      throw new Rollback(await fn(tx));
    });
  } catch (error) {
    if (error instanceof Rollback) return (error as Rollback<T>).result;
    throw error;
  }
  throw new Error('unreachable: the oracle transaction always rolls back');
}

export function oracleAt(db: Db, location: LocationInfo, t: Date, settings: IndicatorSettings): Promise<OracleAt> {
  return asOfInstant(db, t, (tx) => compute(tx, location, t, settings));
}

/** The weekly history a refresh at t reads: indicator -> week Monday -> counts. */
export function weeklyCountsAt(db: Db, location: LocationInfo, t: Date, settings: IndicatorSettings): Promise<Map<string, Map<string, WindowCount>>> {
  return asOfInstant(db, t, async (tx) => {
    const result = new Map<string, Map<string, WindowCount>>();
    for (const indicator of INDICATORS) {
      const counts = await runIndicator(tx, indicator, weeklyWindows([location], t), t, settings);
      result.set(indicator.name, new Map(counts.map((count) => [count.window, count])));
    }
    return result;
  });
}
