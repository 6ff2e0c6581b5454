/**
 * Turning one refresh's draft into the next state of each location: held series
 * with the read buckets replaced, trimmed to what is still needed; the weeks of note
 * duplication kept; the view the indicators read; and what re-verification found.
 */
import { bucketOf } from './buckets.ts';
import { bucketsReadOf, type LocationDraft, type PassDraft } from './draft.ts';
import { duplicationInWindow } from './duplication.ts';
import type { Steps } from '../slices.ts';
import type { Interner } from './interner.ts';
import type { LocationPlan } from './location-plan.ts';
import type { PassSpec } from './pass-spec.ts';
import { bucketRanges, weekSpec, type WorkUnit } from './plan.ts';
import { BucketSeries } from './series.ts';
import type { LocationState, LocationView, PassReport, WeekCount } from './state.ts';
import { idFields, seriesShape, spanOnly, type LocationPartials } from './stores.ts';

export type PackedChanges = Map<string, Map<number, ArrayLike<number>>>;

export function packDraft(spec: PassSpec, draft: PassDraft, location: LocationDraft): PackedChanges {
  return new Map(Object.keys(spec.stores).map((store) => [store, draft.changes(location, store)]));
}

/**
 * Compares the re-verified buckets with what was held, a bucket a step. Returns, for the care notes
 * pass, the work to judge again in SQL the weeks (before the 28-day span) in which
 * a bucket differed, since their duplication cannot be derived from buckets.
 */
export function* reverifyLocationSteps(
  spec: PassSpec,
  plan: LocationPlan,
  draft: PassDraft,
  location: LocationDraft,
  packed: PackedChanges,
  report: PassReport,
): Steps<WorkUnit[]> {
  if (!plan.held || plan.verify.size === 0) return [];
  const differing = yield* draft.differenceSteps(plan.held.series, packed, plan.verify);
  report.bucketsReverified += plan.verify.size;
  report.differences += differing.length;
  if (!spec.judgesWeeks || differing.length === 0) return [];
  const { grid, span } = plan;
  const units: WorkUnit[] = [];
  for (const calendarWeek of span.weeks) {
    const week = weekSpec(plan.info.locationId, calendarWeek);
    const first = bucketOf(grid, week.startMs);
    const end = bucketOf(grid, week.endMs);
    if (first >= span.detailFrom || plan.sqlWeeks.has(week.label) || !differing.some((b) => b >= first && b < end)) continue;
    plan.sqlWeeks.add(week.label);
    const buckets = Array.from({ length: end - first }, (_, i) => first + i).filter((b) => b >= span.coveredFrom);
    units.push({ ranges: bucketRanges(plan.info.locationId, grid, buckets, span.detailFrom), weeks: [week], weight: buckets.length });
  }
  return units;
}

function weekCountsOf(
  spec: PassSpec,
  plan: LocationPlan,
  location: LocationDraft,
  preDrop: ReadonlyMap<string, BucketSeries>,
  report: PassReport,
): Map<string, WeekCount> {
  const counts = new Map<string, WeekCount>();
  if (!spec.judgesWeeks) return counts;
  const { grid, span, held } = plan;
  const fromFingerprints: LocationPartials | undefined = held && {
    grid,
    coveredFrom: span.coveredFrom,
    coveredTo: span.coveredTo,
    detailFrom: held.detailFrom,
    series: preDrop,
    maturing: new Map(),
    edges: new Map(),
  };
  for (const week of span.weeks) {
    const first = bucketOf(grid, week.starts.getTime());
    if (first >= span.detailFrom) continue; // inside the span: counted from fingerprints when asked
    const judged = location.weeks.get(week.monday);
    const known = held?.weekCounts.get(week.monday);
    if (judged && plan.verifyWeeks.has(week.monday) && known && (known[0] !== judged[0] || known[1] !== judged[1])) report.weekDifferences += 1;
    if (judged) counts.set(week.monday, judged);
    else if (known) counts.set(week.monday, known);
    else if (fromFingerprints && first >= fromFingerprints.detailFrom) {
      // Leaving the span now: judged from the fingerprints while they are still held, then kept.
      counts.set(week.monday, duplicationInWindow(fromFingerprints, { startMs: week.starts.getTime(), endMs: week.ends.getTime() }));
    } else throw new Error(`${spec.name}: week ${week.monday} of a location neither judged nor held`);
  }
  return counts;
}

export function commitLocation(
  spec: PassSpec,
  plan: LocationPlan,
  draft: PassDraft,
  location: LocationDraft,
  packed: PackedChanges,
  report: PassReport,
): { state: LocationState; view: LocationView } {
  const { span } = plan;
  const preDrop = new Map<string, BucketSeries>();
  const series = new Map<string, BucketSeries>();
  for (const [store, storeSpec] of Object.entries(spec.stores)) {
    const held = plan.held?.series.get(store) ?? location.settled?.get(store) ?? BucketSeries.empty(seriesShape(storeSpec));
    const replaced = held.replace(packed.get(store) ?? new Map<number, ArrayLike<number>>());
    preDrop.set(store, replaced);
    series.set(store, replaced.dropBefore(spanOnly(storeSpec) ? span.detailFrom : span.coveredFrom));
  }
  report.bucketsRead += bucketsReadOf(location);
  const weekCounts = weekCountsOf(spec, plan, location, preDrop, report);
  const state: LocationState = {
    info: plan.info,
    bucketMinutes: plan.bucketMinutes,
    grid: plan.grid,
    coveredFrom: span.coveredFrom,
    coveredTo: span.coveredTo,
    detailFrom: span.detailFrom,
    series,
    weekCounts,
  };
  const view: LocationView = { ...state, maturing: location.maturing, edges: location.edges, weeks: span.weeks };
  return { state, view };
}

/**
 * When most interned ids are no longer referenced, renumbers the live ones in every
 * state (the views keep their own numbering); a location's store at a time (see ../slices.ts).
 */
export function* compactIdsSteps(spec: PassSpec, interner: Interner, states: readonly LocationState[]): Steps<{ interner: Interner; states: LocationState[] }> {
  if (!interner.wantsCompaction()) return { interner, states: [...states] };
  // One byte per id handed out: a Set of several hundred thousand numbers was a spike of its own.
  const live = new Uint8Array(interner.size);
  for (const state of states) {
    for (const [store, storeSpec] of Object.entries(spec.stores)) {
      const fields = idFields(storeSpec);
      const width = seriesShape(storeSpec).width;
      state.series.get(store)?.forEach(state.coveredFrom, state.coveredTo, (_bucket, data, start, end) => {
        for (let at = start; at < end; at += width)
          for (const field of fields) {
            const id = data[at + field] ?? -1;
            if (id >= 0) live[id] = 1;
          }
      });
      yield;
    }
  }
  const compacted = yield* interner.compactedSteps({ has: (id) => live[id] === 1 });
  const remapped: LocationState[] = [];
  for (const state of states) {
    const series = new Map<string, BucketSeries>();
    for (const [store, held] of state.series) {
      const storeSpec = spec.stores[store];
      series.set(store, storeSpec ? held.remapped(idFields(storeSpec), compacted.remap) : held);
      yield;
    }
    remapped.push({ ...state, series });
  }
  return { interner: compacted.interner, states: remapped };
}
