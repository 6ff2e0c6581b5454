/**
 * Time buckets of the incremental engine. Partial aggregates are kept per location
 * and bucket of a row's reference time; a bucket is `bucketMinutes` long and bucket
 * `b` covers [b * size, (b + 1) * size) in Unix time.
 *
 * The size is per location: the largest of 60, 30, 15, 5 or 1 minutes on whose
 * boundaries every calendar week of that location starts. In Europe/London (and any
 * zone whose offsets are whole hours) that is an hour; in a zone such as
 * Asia/Kolkata (UTC+5:30) a local Monday 00:00 falls on the half hour, so its
 * buckets are 30 minutes. Weeks are then exact sums of buckets and never need the
 * partial-bucket reads that rolling windows need at their edges.
 */
import { addDays, mondayOnOrAfter, startOfLocalDay } from '../domain-time.ts';

export const BUCKET_MINUTES_CANDIDATES = Object.freeze([60, 30, 15, 5, 1] as const);
const MINUTE_MS = 60_000;
/** How many weeks after `now` the alignment is checked for, so a refresh rarely finds a new week misaligned. */
const WEEKS_AHEAD = 53;

export interface BucketGrid {
  /** Bucket length in milliseconds. */
  readonly sizeMs: number;
}

export const bucketOf = (grid: BucketGrid, ms: number): number => Math.floor(ms / grid.sizeMs);
/** The first bucket starting at or after `ms`. */
export const bucketAtOrAfter = (grid: BucketGrid, ms: number): number => Math.ceil(ms / grid.sizeMs);
export const bucketStartMs = (grid: BucketGrid, bucket: number): number => bucket * grid.sizeMs;
export const isOnBoundary = (grid: BucketGrid, ms: number): boolean => ms % grid.sizeMs === 0;

/**
 * The bucket size (minutes) for a location: the largest candidate on which every
 * local Monday midnight from its first complete week to a year after `now` falls.
 * Throws when not even whole minutes fit (a zone offset with seconds: only
 * historical local mean times have one).
 */
export function bucketMinutesFor(goLiveDate: string, timezone: string, now: Date): number {
  const last = addDays(mondayOnOrAfter(new Date(now.getTime()).toISOString().slice(0, 10)), 7 * WEEKS_AHEAD);
  // Every pass asks for every location at every refresh, and the answer changes at most
  // once a week (with `last`): the zone lookups of every Monday since go-live are done once.
  const key = `${goLiveDate} ${timezone} ${last}`;
  const known = bucketMinutesKnown.get(key);
  if (known !== undefined) return known;
  const minutes = bucketMinutesOfMondays(goLiveDate, timezone, last);
  if (bucketMinutesKnown.size >= BUCKET_MINUTES_KEPT) bucketMinutesKnown.clear();
  bucketMinutesKnown.set(key, minutes);
  return minutes;
}

/** Answers of bucketMinutesFor kept, at most (a few per location: old weeks are cleared with the rest). */
const BUCKET_MINUTES_KEPT = 10_000;
const bucketMinutesKnown = new Map<string, number>();

function bucketMinutesOfMondays(goLiveDate: string, timezone: string, last: string): number {
  const boundaries: number[] = [];
  for (let monday = mondayOnOrAfter(goLiveDate); monday <= last; monday = addDays(monday, 7)) {
    boundaries.push(startOfLocalDay(monday, timezone).getTime());
  }
  for (const minutes of BUCKET_MINUTES_CANDIDATES) {
    if (boundaries.every((ms) => ms % (minutes * MINUTE_MS) === 0)) return minutes;
  }
  throw new RangeError(`timezone ${timezone}: week boundaries are not on whole minutes`);
}

/** A time range [startMs, endMs) of one location. */
export interface TimeRange {
  startMs: number;
  endMs: number;
}

/**
 * A window [startMs, endMs) cut on a grid: the whole buckets inside it, and the
 * partial buckets at either end (absent when the end is on a boundary).
 */
export interface WindowCut {
  /** Whole buckets [first, end). */
  first: number;
  end: number;
  leading: TimeRange | undefined;
  trailing: TimeRange | undefined;
}

export function cutWindow(grid: BucketGrid, window: TimeRange): WindowCut {
  const first = bucketAtOrAfter(grid, window.startMs);
  const end = Math.max(first, bucketOf(grid, window.endMs));
  const leadingEnd = Math.min(bucketStartMs(grid, first), window.endMs);
  const trailingStart = Math.max(bucketStartMs(grid, end), leadingEnd);
  return {
    first,
    end,
    leading: window.startMs < leadingEnd ? { startMs: window.startMs, endMs: leadingEnd } : undefined,
    trailing: trailingStart < window.endMs ? { startMs: trailingStart, endMs: window.endMs } : undefined,
  };
}

/** Contiguous runs of bucket numbers as [first, end) pairs, in order; duplicates are merged. */
export function bucketRuns(buckets: Iterable<number>): Array<[number, number]> {
  const sorted = [...new Set(buckets)].sort((a, b) => a - b);
  const runs: Array<[number, number]> = [];
  for (const bucket of sorted) {
    const last = runs[runs.length - 1];
    if (last && last[1] === bucket) last[1] = bucket + 1;
    else runs.push([bucket, bucket + 1]);
  }
  return runs;
}
