/**
 * Re-verification: what no change timestamp shows (a task cancelled, a row deleted,
 * a time edited, a row inserted late with only old times) is found by reading held
 * buckets again and comparing. Spread over refreshes, so the cost per minute is
 * smooth:
 *
 * - the last 7 days: every bucket once per `reverifyMinutes` (default 15), in slices
 *   proportional to the time since the previous refresh;
 * - the rest of the 28-day span: once per RECENT_TO_OLDER x `reverifyMinutes` (1 h);
 * - settled history (weeks starting before the span): one location-week per refresh,
 *   in turn, so the cost per refresh does not grow with the length of the history.
 *
 * Between two re-verifications of a bucket, such an untimestamped change is the only
 * way the published counts can differ from the indicator SQL run at the same instant.
 */
import { bucketOf, type BucketGrid } from './buckets.ts';
import type { LocationSpan } from './plan.ts';

/** Default and bounds of refresh.reverifyMinutes (validated by the config module). */
export const REVERIFY_MINUTES = Object.freeze({ default: 15, min: 1, max: 1440 });

const DAY_MS = 86_400_000;
/** Days of the most-often re-verified tier (the 7d window, the weekly phase's status). */
export const RECENT_TIER_DAYS = 7;
/** The older part of the 28-day span is re-verified this many times less often. */
export const RECENT_TO_OLDER = 4;

export interface ReverifyCursors {
  /** Fraction of the recent tier, then of the older tier, covered in the current cycle (0..1). */
  recent: number;
  older: number;
  /** The settled location-week re-verified last. */
  settled: { location: string; weekStartMs: number } | undefined;
}

export const START_CURSORS: ReverifyCursors = Object.freeze({ recent: 0, older: 0, settled: undefined });

/** Buckets [first + floor(from * n), first + floor(to * n)) of a tier of n buckets; `to` may pass 1 (wraps). */
function tierSlice(first: number, end: number, from: number, to: number): number[] {
  const n = end - first;
  if (n <= 0) return [];
  if (to - from >= 1) return Array.from({ length: n }, (_, i) => first + i);
  const buckets: number[] = [];
  // The cursor is a sum of fractions: a hair of tolerance keeps 15 x (1/15) from stopping one bucket short.
  const a = Math.floor(from * n + 1e-9);
  const b = Math.floor(to * n + 1e-9);
  for (let i = a; i < b; i += 1) buckets.push(first + (i % n));
  return buckets;
}

export interface SliceInput {
  cursors: ReverifyCursors;
  elapsedMs: number;
  reverifyMs: number;
}

/** The fractions of each tier this refresh covers, and the cursors after it. */
export function advance({ cursors, elapsedMs, reverifyMs }: SliceInput): { recent: [number, number]; older: [number, number]; next: ReverifyCursors } {
  const recentStep = Math.max(0, elapsedMs / reverifyMs);
  const olderStep = Math.max(0, elapsedMs / (reverifyMs * RECENT_TO_OLDER));
  const recent: [number, number] = [cursors.recent, cursors.recent + recentStep];
  const older: [number, number] = [cursors.older, cursors.older + olderStep];
  return { recent, older, next: { ...cursors, recent: recent[1] % 1, older: older[1] % 1 } };
}

/** The held buckets of one location to re-verify this refresh, for the given tier fractions. */
export function rollingSlice(grid: BucketGrid, span: LocationSpan, nowMs: number, recent: [number, number], older: [number, number]): number[] {
  const recentFrom = Math.max(span.detailFrom, bucketOf(grid, nowMs - RECENT_TIER_DAYS * DAY_MS));
  return [...tierSlice(recentFrom, span.coveredTo, recent[0], recent[1]), ...tierSlice(span.detailFrom, recentFrom, older[0], older[1])];
}

export interface SettledWeek {
  location: string;
  startMs: number;
  endMs: number;
  label: string;
}

/** The next settled location-week after the cursor (locations in the order given, weeks oldest first), wrapping round. */
export function nextSettledWeek(candidates: readonly SettledWeek[], cursor: ReverifyCursors['settled'], order: readonly string[]): SettledWeek | undefined {
  if (candidates.length === 0) return undefined;
  const rank = new Map(order.map((location, index) => [location, index]));
  const key = (location: string, startMs: number): [number, number] => [rank.get(location) ?? Number.MAX_SAFE_INTEGER, startMs];
  const sorted = [...candidates].sort((a, b) => {
    const [ra, sa] = key(a.location, a.startMs);
    const [rb, sb] = key(b.location, b.startMs);
    return ra - rb || sa - sb;
  });
  if (!cursor) return sorted[0];
  const [rc, sc] = key(cursor.location, cursor.weekStartMs);
  return (
    sorted.find((week) => {
      const [r, s] = key(week.location, week.startMs);
      return r > rc || (r === rc && s > sc);
    }) ?? sorted[0]
  );
}
