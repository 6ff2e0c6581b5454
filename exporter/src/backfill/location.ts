/**
 * One location's history, hour by hour: each indicator's rolling windows and the
 * governance phase and streak in force at each hour, as a refresh at that hour would
 * have computed them (phase.ts replayed over the complete weeks as of that hour).
 */
import type { Queryable } from '../db/types.ts';
import type { LocationInfo } from '../engine/types.ts';
import { indicatorSqlSettings } from '../engine/domain-units.ts';
import { INDICATORS } from '../indicators/index.ts';
import type { IndicatorSettings } from '../indicators/settings.ts';
import { governancePhase, type CoreIndicator, type PhaseRules, type WeekCounts } from '../phase/phase.ts';
import type { Counts } from '../phase/status.ts';
import { GOVERNANCE_PHASES, type RollingWindowLabel } from '../shared/windows.ts';
import { itemsOf, ITEM_QUERIES } from './items.ts';
import { sweepIndicator, type HourRange, type IndicatorSweep, type WeekSpan, type WindowSeries } from './sweep.ts';

export const HOUR_MS = 3_600_000;

export interface LocationPlan {
  location: LocationInfo;
  /** The hours to publish. */
  hours: HourRange;
  /** Complete calendar weeks since go-live up to the last hour. */
  weeks: readonly WeekSpan[];
}

export interface LocationHistory {
  plan: LocationPlan;
  /** indicator -> window -> counts per hour. */
  rolling: ReadonlyMap<string, Record<RollingWindowLabel, WindowSeries>>;
  /** Index into GOVERNANCE_PHASES per hour. */
  phase: Uint8Array;
  streak: Int32Array;
}

export function coreIndicators(settings: IndicatorSettings): CoreIndicator[] {
  return INDICATORS.filter((indicator) => settings.coreIndicators.includes(indicator.name)).flatMap((indicator) => {
    const thresholds = settings.thresholds[indicator.name];
    return thresholds ? [{ name: indicator.name, direction: indicator.direction, thresholds }] : [];
  });
}

export function phaseRules(settings: IndicatorSettings): PhaseRules {
  return {
    core: coreIndicators(settings),
    minCohort: settings.minCohort,
    weeksOnTargetForMonthly: settings.weeksOnTargetForMonthly,
    minWeeksSinceGoLiveForMonthly: settings.minWeeksSinceGoLiveForMonthly,
  };
}

/** Rows read per location: from the first week since go-live (the phase needs it) or 28 days before the first hour. */
function keyRange(plan: LocationPlan): { from: Date; to: Date } {
  const longest = 28 * 24 + 1;
  const firstKey = Math.min(plan.hours.first - longest, plan.weeks[0]?.startHour ?? Number.POSITIVE_INFINITY);
  return { from: new Date(firstKey * HOUR_MS), to: new Date(plan.hours.last * HOUR_MS) };
}

/** The phase and streak per hour, replaying the weeks complete by each hour with their counts as of it. */
function sweepPhase(plan: LocationPlan, sweeps: ReadonlyMap<string, IndicatorSweep>, settings: IndicatorSettings): { phase: Uint8Array; streak: Int32Array } {
  const rules = phaseRules(settings);
  const length = plan.hours.last - plan.hours.first + 1;
  const phase = new Uint8Array(length);
  const streak = new Int32Array(length);
  const counts = new Map<string, Counts[]>(rules.core.map((indicator) => [indicator.name, plan.weeks.map(() => ({ numerator: 0, denominator: 0 }))]));
  const next = new Map<string, number>(rules.core.map((indicator) => [indicator.name, 0]));
  const pin = settings.phasePins[plan.location.locationId];
  let complete = -1;
  let current = { phase: pin ?? 'weekly', weeksOnTarget: 0 };
  for (let index = 0; index < length; index += 1) {
    const hour = plan.hours.first + index;
    let changed = false;
    for (const indicator of rules.core) {
      const changes = sweeps.get(indicator.name)?.weekChanges ?? [];
      let position = next.get(indicator.name) ?? 0;
      for (; position < changes.length && (changes[position]?.hour ?? Infinity) <= hour; position += 1) {
        const change = changes[position];
        const week = change ? counts.get(indicator.name)?.[change.week] : undefined;
        if (!change || !week) continue;
        week.numerator = change.numerator;
        week.denominator = change.denominator;
        changed = true;
      }
      next.set(indicator.name, position);
    }
    const nowComplete = plan.weeks.filter((week) => week.endHour <= hour).length;
    if (changed || nowComplete !== complete) {
      complete = nowComplete;
      const weeks: WeekCounts[] = plan.weeks.slice(0, complete).map((week, w) => ({
        monday: week.monday,
        byIndicator: new Map(rules.core.map((indicator) => [indicator.name, { ...(counts.get(indicator.name)?.[w] ?? { numerator: 0, denominator: 0 }) }])),
      }));
      current = governancePhase({ goLiveDate: plan.location.goLiveDate, weeks, pin }, rules);
    }
    phase[index] = GOVERNANCE_PHASES.indexOf(current.phase);
    streak[index] = current.weeksOnTarget;
  }
  return { phase, streak };
}

/** Reads and sweeps one location: one grouped query per indicator, in the caller's READ ONLY transaction. */
export async function locationHistory(tx: Queryable, plan: LocationPlan, settings: IndicatorSettings): Promise<LocationHistory> {
  const { from, to } = keyRange(plan);
  const sweeps = new Map<string, IndicatorSweep>();
  for (const indicator of INDICATORS) {
    const query = ITEM_QUERIES.get(indicator.name);
    if (!query) throw new Error(`no backfill query for indicator ${indicator.name}`);
    const { rows } = await tx.query(query.sql, [plan.location.locationId, from.toISOString(), to.toISOString(), indicatorSqlSettings(settings)]);
    sweeps.set(indicator.name, sweepIndicator(itemsOf(rows), query.counting, plan.hours, plan.weeks));
  }
  const { phase, streak } = sweepPhase(plan, sweeps, settings);
  return { plan, rolling: new Map([...sweeps].map(([name, sweep]) => [name, sweep.rolling])), phase, streak };
}
