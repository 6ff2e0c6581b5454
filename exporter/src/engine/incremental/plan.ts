/**
 * Which time ranges a pass reads in one refresh, as plain data:
 *
 * - a location computed in full: everything it needs since its first complete week
 *   (or the start of the 28-day window when that is earlier), cut at its week
 *   boundaries into work units, so a statement holds whole weeks and its size
 *   follows the size of a home, not of the provider;
 * - otherwise: the buckets to read again (recent, changed, open, re-verified), as
 *   runs of whole buckets;
 * - and every refresh, the partial buckets at the rolling windows' edges.
 *
 * Ranges are split at the start of the 28-day span: inside it the pass also returns
 * detail rows (note fingerprints, acknowledgement delays).
 */
import { completeWeeksSince, type CalendarWeek } from '../domain-time.ts';
import { ROLLING_WINDOWS } from '../domain-units.ts';
import type { LocationInfo } from '../types.ts';
import { bucketOf, bucketRuns, bucketStartMs, cutWindow, type BucketGrid, type TimeRange } from './buckets.ts';

const DAY_MS = 86_400_000;
/** The longest rolling window: the span whose detail is kept and which is re-verified most often. */
export const SPAN_DAYS = Math.max(...ROLLING_WINDOWS.map((window) => window.days));

export interface RangeSpec {
  location: string;
  startMs: number;
  endMs: number;
  bucketSeconds: number;
  /** Inside the 28-day span: detail rows are returned too. */
  detail: boolean;
  /** 'buckets': every bucket of the range is replaced by what is read; 'edge': a partial bucket judged at now, for this refresh only. */
  role: 'buckets' | 'edge';
}

export interface WeekSpec {
  location: string;
  /** The week's Monday, its label. */
  label: string;
  startMs: number;
  endMs: number;
}

/** What one statement may hold: whole ranges, and the weeks they cover whole. */
export interface WorkUnit {
  ranges: RangeSpec[];
  weeks: WeekSpec[];
  /** Buckets read, a measure of the statement's cost. */
  weight: number;
}

/** The buckets of one location a refresh at `nowMs` deals with. */
export interface LocationSpan {
  coveredFrom: number;
  /** The bucket containing now: held buckets end here. */
  coveredTo: number;
  /** First bucket of the 28-day span. */
  detailFrom: number;
  weeks: CalendarWeek[];
}

export function locationSpan(location: LocationInfo, grid: BucketGrid, nowMs: number): LocationSpan {
  const weeks = completeWeeksSince(location.goLiveDate, location.timezone, new Date(nowMs));
  const detailFrom = bucketOf(grid, nowMs - SPAN_DAYS * DAY_MS);
  const firstWeek = weeks[0] ? bucketOf(grid, weeks[0].starts.getTime()) : detailFrom;
  return { coveredFrom: Math.min(firstWeek, detailFrom), coveredTo: bucketOf(grid, nowMs), detailFrom, weeks };
}

/** Runs of whole buckets as ranges, split at the start of the detail span. */
export function bucketRanges(location: string, grid: BucketGrid, buckets: Iterable<number>, detailFrom: number): RangeSpec[] {
  const ranges: RangeSpec[] = [];
  const bucketSeconds = grid.sizeMs / 1000;
  for (const [first, end] of bucketRuns(buckets)) {
    const cuts = first < detailFrom && detailFrom < end ? [first, detailFrom, end] : [first, end];
    for (let i = 0; i + 1 < cuts.length; i += 1) {
      const from = cuts[i] ?? first;
      const to = cuts[i + 1] ?? end;
      ranges.push({ location, startMs: bucketStartMs(grid, from), endMs: bucketStartMs(grid, to), bucketSeconds, detail: from >= detailFrom, role: 'buckets' });
    }
  }
  return ranges;
}

const bucketsOf = (first: number, end: number): number[] => Array.from({ length: Math.max(0, end - first) }, (_, i) => first + i);

/** A week of the location, for SQL judgement of whole weeks. */
export const weekSpec = (location: string, week: CalendarWeek): WeekSpec => ({
  location,
  label: week.monday,
  startMs: week.starts.getTime(),
  endMs: week.ends.getTime(),
});

/**
 * A location computed in full: [coveredFrom, coveredTo) in work units of one
 * calendar week each (the stretch before the first week, and the current week so
 * far, are units too). With `judgesWeeks`, every complete week starting before the
 * detail span is judged whole in its unit.
 */
export function buildUnits(location: LocationInfo, grid: BucketGrid, span: LocationSpan, judgesWeeks: boolean): WorkUnit[] {
  const cuts = new Set<number>([span.coveredFrom, span.coveredTo]);
  for (const week of span.weeks) {
    cuts.add(bucketOf(grid, week.starts.getTime()));
    cuts.add(bucketOf(grid, week.ends.getTime()));
  }
  const sorted = [...cuts].filter((cut) => cut >= span.coveredFrom && cut <= span.coveredTo).sort((a, b) => a - b);
  const units: WorkUnit[] = [];
  for (let i = 0; i + 1 < sorted.length; i += 1) {
    const first = sorted[i] ?? 0;
    const end = sorted[i + 1] ?? 0;
    const weeks = judgesWeeks
      ? span.weeks
          .filter((week) => bucketOf(grid, week.starts.getTime()) === first && first < span.detailFrom)
          .map((week) => weekSpec(location.locationId, week))
      : [];
    units.push({ ranges: bucketRanges(location.locationId, grid, bucketsOf(first, end), span.detailFrom), weeks, weight: end - first });
  }
  return units;
}

/** The partial buckets of the rolling windows at `nowMs`: their starts, and the current bucket up to now. */
export function edgeRanges(location: string, grid: BucketGrid, nowMs: number): RangeSpec[] {
  const edges = new Map<string, TimeRange>();
  for (const window of ROLLING_WINDOWS) {
    const cut = cutWindow(grid, { startMs: nowMs - window.days * DAY_MS, endMs: nowMs });
    for (const edge of [cut.leading, cut.trailing]) if (edge) edges.set(`${edge.startMs}:${edge.endMs}`, edge);
  }
  return [...edges.values()].map((edge) => ({
    location,
    startMs: edge.startMs,
    endMs: edge.endMs,
    bucketSeconds: grid.sizeMs / 1000,
    // Edges are judged with their detail: the current bucket's complete the 28-day span, and stores held for the
    // span only (sessions skipped) need the partial bucket at its start.
    detail: true,
    role: 'edge',
  }));
}

export interface RecentOptions {
  nowMs: number;
  /** `now` of the previous refresh of this pass. */
  previousMs: number;
  /** Change timestamps this far before the previous refresh are read again (commits that arrive late). */
  overlapMs: number;
  /** How long after its reference time a row may still mature. */
  maturityReachMs: number;
}

/**
 * The recent buckets read again every refresh: those whose rows may have appeared
 * since the previous refresh (reference time after it, less the overlap) and those
 * whose rows may mature within the current bucket.
 */
export function recentBuckets(grid: BucketGrid, span: LocationSpan, options: RecentOptions): [number, number] {
  const currentStart = bucketStartMs(grid, span.coveredTo);
  const maturing = bucketOf(grid, currentStart - options.maturityReachMs);
  const appeared = bucketOf(grid, options.previousMs - options.overlapMs);
  return [Math.max(span.coveredFrom, Math.min(maturing, appeared)), span.coveredTo];
}
