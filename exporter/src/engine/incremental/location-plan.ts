/**
 * One refresh's plan for each location of a pass: computed in full, or brought up
 * to date — recent buckets, changed buckets (found through change timestamps),
 * open buckets (shifts not ended), the re-verification slice, the settled week in
 * turn, and the weeks to judge in SQL — plus the edges every refresh reads.
 */
import type { LocationInfo } from '../types.ts';
import { bucketMinutesFor, bucketOf, type BucketGrid } from './buckets.ts';
import type { PassSpec } from './pass-spec.ts';
import { bucketRanges, buildUnits, edgeRanges, locationSpan, recentBuckets, weekSpec, type LocationSpan, type WeekSpec, type WorkUnit } from './plan.ts';
import { rollingSlice, type SettledWeek } from './reverify.ts';
import type { LocationState } from './state.ts';
import type { LocationPartials } from './stores.ts';
import type { LocationReason } from './trust.ts';

export interface LocationPlan {
  info: LocationInfo;
  bucketMinutes: number;
  grid: BucketGrid;
  span: LocationSpan;
  /** Held partials brought up to date, or undefined when computed in full. */
  held: LocationState | undefined;
  /** Why it is computed in full while the pass is not. */
  reason: LocationReason | undefined;
  units: WorkUnit[];
  /** Buckets read again only to be compared with what is held. */
  verify: Set<number>;
  /** Weeks judged in SQL this refresh, and those of them re-verified (compared with what was held). */
  sqlWeeks: Set<string>;
  verifyWeeks: Set<string>;
}

/** A location's bucket grid and span at `now`. */
export interface LocationFrame {
  info: LocationInfo;
  bucketMinutes: number;
  grid: BucketGrid;
  span: LocationSpan;
}

export function locationFrame(location: LocationInfo, nowMs: number): LocationFrame {
  const bucketMinutes = bucketMinutesFor(location.goLiveDate, location.timezone, new Date(nowMs));
  const grid: BucketGrid = { sizeMs: bucketMinutes * 60_000 };
  return { info: location, bucketMinutes, grid, span: locationSpan(location, grid, nowMs) };
}

export interface PlanInput {
  spec: PassSpec;
  frame: LocationFrame;
  held: LocationState | undefined;
  /** True when the whole pass starts over. */
  full: boolean;
  nowMs: number;
  previousMs: number;
  overlapMs: number;
  maturityReachMs: number;
  /** Buckets changed after the previous refresh (less the overlap), from change discovery. */
  changed: ReadonlySet<number>;
  recentSlice: [number, number];
  olderSlice: [number, number];
  settledWeek: SettledWeek | undefined;
  /** Re-verify every held bucket and settled week now (see IncrementalEngine.reverifyEverythingNext). */
  reverifyAll: boolean;
}

const weekBuckets = (grid: BucketGrid, week: WeekSpec): number[] => {
  const first = bucketOf(grid, week.startMs);
  return Array.from({ length: bucketOf(grid, week.endMs) - first }, (_, i) => first + i);
};

function heldReason(held: LocationState | undefined, location: LocationInfo, bucketMinutes: number): LocationReason | undefined {
  if (!held) return 'location_added';
  const same = held.info.goLiveDate === location.goLiveDate && held.info.timezone === location.timezone && held.bucketMinutes === bucketMinutes;
  return same ? undefined : 'location_changed';
}

export function planLocation(input: PlanInput): LocationPlan {
  const { spec, nowMs } = input;
  const { info: location, bucketMinutes, grid, span } = input.frame;
  const reason = input.full ? undefined : heldReason(input.held, location, bucketMinutes);
  const edges = edgeRanges(location.locationId, grid, nowMs);
  const plan: LocationPlan = {
    info: location,
    bucketMinutes,
    grid,
    span,
    held: undefined,
    reason,
    units: [],
    verify: new Set(),
    sqlWeeks: new Set(),
    verifyWeeks: new Set(),
  };
  if (input.full || reason || !input.held) {
    plan.units = buildUnits(location, grid, span, spec.judgesWeeks);
    for (const unit of plan.units) for (const week of unit.weeks) plan.sqlWeeks.add(week.label);
    plan.units.push({ ranges: edges, weeks: [], weight: edges.length });
    return plan;
  }
  const held = input.held;
  plan.held = held;
  const inHeld = (bucket: number): boolean => bucket >= span.coveredFrom && bucket < span.coveredTo;
  const [recentFrom, recentTo] = recentBuckets(grid, span, {
    nowMs,
    previousMs: input.previousMs,
    overlapMs: input.overlapMs,
    maturityReachMs: input.maturityReachMs,
  });
  // Buckets past what is held (the refresh before ended at its own current bucket) are recent by definition.
  const expected = new Set<number>();
  for (let b = Math.min(recentFrom, held.coveredTo); b < recentTo; b += 1) if (inHeld(b)) expected.add(b);
  for (const bucket of input.changed) if (inHeld(bucket)) expected.add(bucket);
  const openSince = input.previousMs - input.overlapMs;
  for (const bucket of spec.openBuckets?.(viewOfHeld(held), openSince) ?? []) if (inHeld(bucket)) expected.add(bucket);
  const read = new Set(expected);
  const weeks: WeekSpec[] = [];
  const addSqlWeek = (week: WeekSpec): void => {
    if (plan.sqlWeeks.has(week.label)) return;
    plan.sqlWeeks.add(week.label);
    weeks.push(week);
    for (const bucket of weekBuckets(grid, week)) if (inHeld(bucket)) read.add(bucket);
  };
  if (spec.judgesWeeks) {
    for (const calendarWeek of span.weeks) {
      const week = weekSpec(location.locationId, calendarWeek);
      const first = bucketOf(grid, week.startMs);
      if (first >= span.detailFrom) continue;
      const touched = weekBuckets(grid, week).some((bucket) => expected.has(bucket));
      // Not held and not computable from held fingerprints (older than what was held): judge it in SQL.
      if (touched || (!held.weekCounts.has(week.label) && first < held.detailFrom)) addSqlWeek(week);
    }
  }
  const slice = input.reverifyAll
    ? Array.from({ length: span.coveredTo - span.coveredFrom }, (_, i) => span.coveredFrom + i)
    : rollingSlice(grid, span, nowMs, input.recentSlice, input.olderSlice);
  for (const bucket of slice) if (!expected.has(bucket)) plan.verify.add(bucket);
  const settled = input.reverifyAll ? settledWeeks([input.frame]) : input.settledWeek?.location === location.locationId ? [input.settledWeek] : [];
  for (const settledWeek of settled) {
    const week: WeekSpec = { location: location.locationId, label: settledWeek.label, startMs: settledWeek.startMs, endMs: settledWeek.endMs };
    for (const bucket of weekBuckets(grid, week)) if (inHeld(bucket) && !expected.has(bucket)) plan.verify.add(bucket);
    if (spec.judgesWeeks && !plan.sqlWeeks.has(week.label)) {
      addSqlWeek(week);
      plan.verifyWeeks.add(week.label);
    }
  }
  for (const bucket of plan.verify) read.add(bucket);
  const ranges = [...bucketRanges(location.locationId, grid, read, span.detailFrom), ...edges];
  plan.units = [{ ranges, weeks, weight: read.size + edges.length }];
  return plan;
}

/** The held state as partials (no maturing, no edges): what openBuckets looks at. */
function viewOfHeld(held: LocationState): LocationPartials {
  return { ...held, maturing: new Map(), edges: new Map() };
}

/** Settled location-weeks: weeks starting before the 28-day span. */
export function settledWeeks(frames: readonly LocationFrame[]): SettledWeek[] {
  return frames.flatMap((frame) =>
    frame.span.weeks
      .filter((week) => bucketOf(frame.grid, week.starts.getTime()) < frame.span.detailFrom)
      .map((week) => ({ location: frame.info.locationId, startMs: week.starts.getTime(), endMs: week.ends.getTime(), label: week.monday })),
  );
}
