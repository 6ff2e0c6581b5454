/**
 * An indicator as the incremental engine computes it (its partial reader): which
 * table pass it reads, and how its numerator and denominator over a window come out
 * of that pass's partial aggregates — at the refresh's `now` (rolling windows and
 * weekly history), and at a bucket boundary from the held records alone (history
 * replay). Each indicator file defines its own with the helpers below.
 */
import type { TimeRange } from '../engine/incremental/buckets.ts';
import { countsAtBoundary, countsAtNow, membersAtBoundary, membersAtNow } from '../engine/incremental/evaluate.ts';
import type { PassName } from '../engine/incremental/pass-spec.ts';
import type { LocationView } from '../engine/incremental/state.ts';
import type { StoreSpec } from '../engine/incremental/stores.ts';

export interface Counts {
  numerator: number;
  denominator: number;
}

export interface IndicatorPartial {
  pass: PassName;
  /** The window as the indicator SQL judges it at the refresh's `now`. */
  atNow(view: LocationView, window: TimeRange): Counts;
  /** One complete calendar week of the location's history, judged at `now`. */
  week(view: LocationView, week: TimeRange & { label: string }): Counts;
  /**
   * The window [start, end) judged at `asOfMs`, all on bucket boundaries, from the
   * held records alone (no database); undefined where the partials cannot say
   * (note duplication before the 28-day span).
   */
  atBoundary(view: LocationView, window: TimeRange, asOfMs: number): Counts | undefined;
}

export interface CountPartialSpec {
  pass: PassName;
  store: string;
  /** The store as the pass declares it (`<pass>.stores.<store>`); it must be a counts store. */
  storeSpec: StoreSpec | undefined;
  /** Record fields (0-based, after the maturity) counted as numerator and denominator. */
  numerator: number;
  denominator: number;
}

/** An indicator whose numerator and denominator are sums of a counts store. */
export function countPartial(spec: CountPartialSpec): IndicatorPartial {
  const counts = spec.storeSpec;
  if (counts?.kind !== 'counts') throw new Error(`pass ${spec.pass}: ${spec.store} is not a counts store`);
  const pick = (totals: readonly number[]): Counts => ({ numerator: totals[spec.numerator] ?? 0, denominator: totals[spec.denominator] ?? 0 });
  return {
    pass: spec.pass,
    atNow: (view, window) => pick(countsAtNow(view, spec.store, counts, window)),
    week: (view, week) => pick(countsAtNow(view, spec.store, counts, week)),
    atBoundary: (view, window, asOfMs) => pick(countsAtBoundary(view, spec.store, counts, window, asOfMs)),
  };
}

/** An indicator counting distinct members (staff) of a members store, and those flagged. */
export function memberPartial(spec: { pass: PassName; store: string }): IndicatorPartial {
  const pick = ({ members, flagged }: { members: number; flagged: number }): Counts => ({ numerator: flagged, denominator: members });
  return {
    pass: spec.pass,
    atNow: (view, window) => pick(membersAtNow(view, spec.store, window)),
    week: (view, week) => pick(membersAtNow(view, spec.store, week)),
    atBoundary: (view, window, asOfMs) => pick(membersAtBoundary(view, spec.store, window, asOfMs)),
  };
}
