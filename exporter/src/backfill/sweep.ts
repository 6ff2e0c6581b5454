/**
 * Slides one indicator's windows over a location's hours. Every class of rows enters a
 * window at one hour and leaves it at another (see ./item-sql.ts), so instead of
 * re-reading the rows for each hour the sweep puts those moments in hourly buckets and
 * walks the hours once, applying them to a tally per window:
 *
 *   rolling window W (7d, 28d) at hour t holds a row iff key_hour + 1 <= t <= key_hour + W
 *     and t >= den_enter (numerator: t >= num_enter);
 *   a complete calendar week [s, e) holds a row with s <= key < e from max(e, den_enter) on:
 *     the weekly history the governance phase is replayed from, as of t.
 *
 * Cost: O(rows + hours), memory: the buckets of one indicator of one location.
 */
import { ROLLING_WINDOWS, type RollingWindowLabel } from '../shared/windows.ts';
import { createTally, type Counting, type ItemClass, type Part, type Tally } from './tallies.ts';

/** Whole Unix hours (ms / 3 600 000), first and last inclusive. */
export interface HourRange {
  first: number;
  last: number;
}

/** A complete calendar week of the location, in whole Unix hours: [startHour, endHour). */
export interface WeekSpan {
  monday: string;
  startHour: number;
  endHour: number;
}

export interface WindowSeries {
  numerator: Float64Array;
  denominator: Float64Array;
}

/** A week's counts as of `hour` (after every change of that hour). */
export interface WeekChange {
  hour: number;
  week: number;
  numerator: number;
  denominator: number;
}

export interface IndicatorSweep {
  /** Index i is hour first + i. */
  rolling: Record<RollingWindowLabel, WindowSeries>;
  /** Ascending by hour. */
  weekChanges: WeekChange[];
}

interface Moment {
  tally: Tally;
  item: ItemClass;
  part: Part;
  sign: 1 | -1;
  week: number;
}

/** Index of the week holding the hour, or -1 (weeks are sorted and do not overlap). */
export function weekOf(weeks: readonly WeekSpan[], hour: number): number {
  let lo = 0;
  let hi = weeks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const week = weeks[mid];
    if (!week) break;
    if (hour < week.startHour) hi = mid - 1;
    else if (hour >= week.endHour) lo = mid + 1;
    else return mid;
  }
  return -1;
}

export function sweepIndicator(items: readonly ItemClass[], counting: Counting, hours: HourRange, weeks: readonly WeekSpan[]): IndicatorSweep {
  const length = hours.last - hours.first + 1;
  const buckets: Array<Moment[] | undefined> = new Array<Moment[] | undefined>(length);
  const at = (hour: number, moment: Moment): void => {
    if (hour > hours.last) return;
    const index = Math.max(0, hour - hours.first); // before the first hour: part of the starting state
    (buckets[index] ??= []).push(moment);
  };
  const rollingTallies = ROLLING_WINDOWS.map((window) => ({ window, tally: createTally(counting) }));
  const weekTallies = weeks.map(() => createTally(counting));
  for (const item of items) {
    const numEnter = item.numEnter === null ? null : Math.max(item.numEnter, item.denEnter);
    for (const { window, tally } of rollingTallies) {
      const start = Math.max(item.keyHour + 1, item.denEnter);
      const end = item.keyHour + window.days * 24 + 1;
      if (start >= end || end <= hours.first) continue;
      at(start, { tally, item, part: 'den', sign: 1, week: -1 });
      at(end, { tally, item, part: 'den', sign: -1, week: -1 });
      if (numEnter !== null && Math.max(start, numEnter) < end) {
        at(Math.max(start, numEnter), { tally, item, part: 'num', sign: 1, week: -1 });
        at(end, { tally, item, part: 'num', sign: -1, week: -1 });
      }
    }
    const week = weekOf(weeks, item.keyHour);
    const weekTally = weekTallies[week];
    const span = weeks[week];
    if (weekTally && span) {
      at(Math.max(span.endHour, item.denEnter), { tally: weekTally, item, part: 'den', sign: 1, week });
      if (numEnter !== null) at(Math.max(span.endHour, numEnter), { tally: weekTally, item, part: 'num', sign: 1, week });
    }
  }
  const rolling = Object.fromEntries(
    ROLLING_WINDOWS.map((window) => [window.label, { numerator: new Float64Array(length), denominator: new Float64Array(length) }]),
  ) as Record<RollingWindowLabel, WindowSeries>;
  const weekChanges: WeekChange[] = [];
  for (let index = 0; index < length; index += 1) {
    const touched = new Set<number>();
    for (const moment of buckets[index] ?? []) {
      moment.tally.apply(moment.item, moment.part, moment.sign);
      if (moment.week >= 0) touched.add(moment.week);
    }
    buckets[index] = undefined; // done with them: memory follows the hours still ahead
    for (const { window, tally } of rollingTallies) {
      rolling[window.label].numerator[index] = tally.numerator;
      rolling[window.label].denominator[index] = tally.denominator;
    }
    for (const week of [...touched].sort((a, b) => a - b)) {
      const tally = weekTallies[week];
      if (tally) weekChanges.push({ hour: hours.first + index, week, numerator: tally.numerator, denominator: tally.denominator });
    }
  }
  return { rolling, weekChanges };
}
