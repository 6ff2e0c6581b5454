/**
 * One query unit per indicator: the rolling 7d/28d windows and the weekly history
 * (every complete calendar week since go-live, which the governance phase is
 * replayed from) in ONE query, so rows shared by both (the recent weeks lie inside
 * the 28d window) are read, and notes normalised, once.
 *
 * Why a cache: recomputing every week since go-live on every refresh reads every row
 * since go-live each minute. A week that ended more than SETTLED_AFTER_DAYS ago is
 * fully mature, so its counts change only when vendor data is backfilled; such
 * settled weeks are kept in memory and recomputed once older than RECHECK_AFTER_MS
 * (a backfill shows within hours). Recent weeks are recomputed on every refresh.
 * Nothing is persisted: after a restart the history is rebuilt from the database
 * alone, so a restart changes nothing.
 *
 * Statements are kept to a bounded size, so none runs into the statement timeout
 * however large the provider: the first refresh after a start reads every week since
 * go-live (on the medium profile the duplication query took 9 s in one statement,
 * against a 10 s timeout), and with 50 locations even a normal refresh's duplication
 * statement took over 10 s. So a unit runs several statements in its one READ ONLY
 * transaction (one snapshot): at most LOCATIONS_PER_STATEMENT locations each, and
 * settled weeks in statements of their own, at most SETTLED_WEEKS_PER_STATEMENT per
 * location. The cost of a statement then depends on the size of a home, not of the
 * provider, and the phase is known after the first refresh. If a refresh still fails,
 * the next one fetches at most half as many settled weeks per location, so the history
 * fills over a few refreshes; until every week is known `weeklyComplete` is false and
 * no phase is published.
 */
import type { Queryable } from '../db/types.ts';
import type { IndicatorDefinition } from '../indicators/types.ts';
import type { IndicatorSettings } from '../indicators/settings.ts';
import type { QueryUnit, UnitContext } from './types.ts';
import {
  indicatorSqlSettings,
  indicatorUnitName,
  rollingWindows,
  runIndicator,
  weeklyWindows,
  type IndicatorCountsResult,
  type WindowCount,
  type WindowSpec,
} from './domain-units.ts';

export const SETTLED_AFTER_DAYS = 14;
export const RECHECK_AFTER_MS = 6 * 3_600_000;
/** About as many weeks of rows as one normal refresh reads per location (7d + 28d + two recent weeks). */
export const SETTLED_WEEKS_PER_STATEMENT = 8;
/** The medium profile's size: there the slowest statement (duplication) takes 2 to 3 s against a 10 s timeout. */
export const LOCATIONS_PER_STATEMENT = 10;

/** A week that ended SETTLED_AFTER_DAYS ago is settled: fully mature, cached, read in statements of its own. */
const isSettled = (window: { ends: Date }, now: Date): boolean => window.ends.getTime() <= now.getTime() - SETTLED_AFTER_DAYS * 86_400_000;

interface Cached {
  counts: WindowCount;
  computedAt: number;
}

const keyOf = (window: { locationId: string; label: string }): string => `${window.locationId}\u0000${window.label}`;

/**
 * Which weeks to query this refresh: every recent week, and missing or stale settled
 * ones, oldest first, at most `budget` settled weeks per location.
 */
export function weeksToQuery(windows: readonly WindowSpec[], cache: ReadonlyMap<string, Cached>, now: Date, budget: number): WindowSpec[] {
  const used = new Map<string, number>();
  const chosen: WindowSpec[] = [];
  for (const window of windows) {
    if (!isSettled(window, now)) {
      chosen.push(window);
      continue;
    }
    const cached = cache.get(keyOf(window));
    if (cached && now.getTime() - cached.computedAt < RECHECK_AFTER_MS) continue;
    const count = used.get(window.locationId) ?? 0;
    if (count >= budget) continue;
    used.set(window.locationId, count + 1);
    chosen.push(window);
  }
  return chosen;
}

export interface StatementLimits {
  /** Settled weeks per location in one statement. */
  settledWeeks?: number;
  /** Locations in one statement. */
  locations?: number;
}

/** Counts below 1 (or NaN) mean 1; Infinity means no limit. */
const limit = (value: number): number => (Number.isNaN(value) ? 1 : Math.max(1, Math.floor(value)));

/**
 * Splits the windows of one refresh into statements: locations in groups of at most
 * `locations`, and per group the rolling windows and recent weeks first, then the
 * settled weeks, at most `settledWeeks` per location in each further statement.
 */
export function splitIntoStatements(windows: readonly WindowSpec[], now: Date, limits: StatementLimits = {}): WindowSpec[][] {
  const settledPerStatement = limit(limits.settledWeeks ?? SETTLED_WEEKS_PER_STATEMENT);
  const locationsPerStatement = limit(limits.locations ?? LOCATIONS_PER_STATEMENT);
  const byLocation = new Map<string, WindowSpec[]>();
  for (const window of windows) {
    const list = byLocation.get(window.locationId);
    if (list) list.push(window);
    else byLocation.set(window.locationId, [window]);
  }
  const groups = [...byLocation.values()];
  const statements: WindowSpec[][] = [];
  for (let first = 0; first < groups.length; first += locationsPerStatement) {
    const current: WindowSpec[] = [];
    const settled: WindowSpec[][] = [];
    for (const locationWindows of groups.slice(first, first + locationsPerStatement)) {
      let index = 0;
      for (const window of locationWindows) {
        if (!isSettled(window, now)) current.push(window);
        else (settled[Math.floor(index++ / settledPerStatement)] ??= []).push(window);
      }
    }
    statements.push(current, ...settled);
  }
  return statements.filter((statement) => statement.length > 0);
}

function mostSettledWeeksPerLocation(weeks: readonly WindowSpec[], now: Date): number {
  const perLocation = new Map<string, number>();
  for (const week of weeks) {
    if (isSettled(week, now)) perLocation.set(week.locationId, (perLocation.get(week.locationId) ?? 0) + 1);
  }
  return Math.max(0, ...perLocation.values());
}

// Limits as an object, not a number: INDICATORS.map(indicatorUnit) would pass the array index as a number.
export function indicatorUnit(indicator: IndicatorDefinition, limits: StatementLimits = {}): QueryUnit<IndicatorSettings, IndicatorCountsResult> {
  const cache = new Map<string, Cached>();
  let fingerprint = '';
  let budget = Number.POSITIVE_INFINITY;
  return {
    name: indicatorUnitName(indicator.name),
    async run(tx: Queryable, context: UnitContext<IndicatorSettings>): Promise<IndicatorCountsResult> {
      const { now, settings, locations } = context;
      const settingsFingerprint = `${indicatorSqlSettings(settings)}\u0000${JSON.stringify(locations)}`;
      if (settingsFingerprint !== fingerprint) {
        cache.clear(); // other settings or other locations (go-live, timezone): start over
        fingerprint = settingsFingerprint;
      }
      const rolling = rollingWindows(locations, now);
      const weeks = weeklyWindows(locations, now);
      const queried = weeksToQuery(weeks, cache, now, budget);
      const counts: WindowCount[] = [];
      try {
        // One after another: statements of one transaction cannot run in parallel anyway.
        for (const statement of splitIntoStatements([...rolling, ...queried], now, limits)) {
          counts.push(...(await runIndicator(tx, indicator, statement, now, settings)));
        }
      } catch (error) {
        budget = Math.max(1, Math.floor(Math.min(budget, mostSettledWeeksPerLocation(queried, now)) / 2));
        throw error;
      }
      budget *= 2; // recover after a failure once queries succeed again
      const rollingLabels = new Set(rolling.map((window) => window.label));
      const fresh = new Map(
        counts.filter((count) => !rollingLabels.has(count.window)).map((count) => [keyOf({ locationId: count.locationId, label: count.window }), count]),
      );
      const weekly: WindowCount[] = [];
      let weeklyComplete = true;
      for (const week of weeks) {
        const key = keyOf(week);
        const computed = fresh.get(key);
        if (computed && isSettled(week, now)) cache.set(key, { counts: computed, computedAt: now.getTime() });
        const known = computed ?? cache.get(key)?.counts;
        if (known) weekly.push(known);
        else weeklyComplete = false;
      }
      return {
        kind: 'indicator_counts',
        indicator: indicator.name,
        rolling: counts.filter((count) => rollingLabels.has(count.window)),
        weekly,
        weeklyComplete,
      };
    },
  };
}
