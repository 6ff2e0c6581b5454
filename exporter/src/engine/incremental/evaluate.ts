/**
 * Windows over the stored partials. Two ways to ask:
 *
 * - `…AtNow`: the window as the indicator SQL judges it at the refresh's `now`
 *   (any instant): whole buckets from the records (mature when `matures` <= the
 *   bucket of now), the records maturing within the current bucket from
 *   `maturing`, and the partial buckets at the window's ends from `edges` — all
 *   read in this refresh, so the result equals the SQL at that `now`.
 * - `…AtBoundary`: a window whose start, end and `asOf` are bucket boundaries,
 *   from the records alone (no database): what a history backfill replays.
 */
import { bucketOf, cutWindow, isOnBoundary, type TimeRange } from './buckets.ts';
import type { BucketSeries } from './series.ts';
import { edgeKey, type LocationPartials } from './stores.ts';
import { int32s, uint8s, withRoom } from './typed-arrays.ts';

export interface CountsSpec {
  fields: number;
  gated: readonly boolean[];
}

function seriesOf(partials: LocationPartials, store: string): BucketSeries {
  const series = partials.series.get(store);
  if (!series) throw new Error(`no partial store ${store}`);
  return series;
}

function checkCovered(partials: LocationPartials, first: number, end: number, what: string): void {
  if (first < partials.coveredFrom || end > partials.coveredTo) {
    throw new RangeError(`${what}: buckets [${first}, ${end}) are outside the partials held [${partials.coveredFrom}, ${partials.coveredTo})`);
  }
}

function edgeOf(partials: LocationPartials, range: TimeRange, store: string): readonly number[] {
  const found = partials.edges.get(edgeKey(range.startMs, range.endMs))?.get(store);
  if (!found) throw new Error(`edge ${new Date(range.startMs).toISOString()}..${new Date(range.endMs).toISOString()} of ${store} was not read this refresh`);
  return found;
}

/** Adds the records of buckets [first, end): all fields of those mature by `limit`, the ungated ones of the others. */
function sumRecords(series: BucketSeries, spec: CountsSpec, first: number, end: number, limit: number, totals: number[]): void {
  const width = spec.fields + 1;
  series.forEach(first, end, (_bucket, data, start, stop) => {
    for (let at = start; at < stop; at += width) {
      const mature = (data[at] ?? 0) <= limit;
      for (let field = 0; field < spec.fields; field += 1) {
        if (mature || !spec.gated[field]) totals[field] = (totals[field] ?? 0) + (data[at + 1 + field] ?? 0);
      }
    }
  });
}

const addInto = (totals: number[], values: readonly number[]): void => {
  values.forEach((value, index) => (totals[index] = (totals[index] ?? 0) + value));
};

/** Every field of a counts store summed over the window, as judged at the refresh's `now`. */
export function countsAtNow(partials: LocationPartials, store: string, spec: CountsSpec, window: TimeRange): number[] {
  const cut = cutWindow(partials.grid, window);
  checkCovered(partials, cut.first, cut.end, store);
  const totals = new Array<number>(spec.fields).fill(0);
  sumRecords(seriesOf(partials, store), spec, cut.first, cut.end, partials.coveredTo, totals);
  const maturing = partials.maturing.get(store);
  if (maturing) {
    for (const [bucket, values] of maturing) {
      if (bucket >= cut.first && bucket < cut.end) {
        values.forEach((value, field) => {
          if (spec.gated[field]) totals[field] = (totals[field] ?? 0) + value;
        });
      }
    }
  }
  if (cut.leading) addInto(totals, edgeOf(partials, cut.leading, store));
  if (cut.trailing) addInto(totals, edgeOf(partials, cut.trailing, store));
  return totals;
}

function assertBoundaries(partials: LocationPartials, instants: readonly number[]): void {
  for (const ms of instants) {
    if (!isOnBoundary(partials.grid, ms))
      throw new RangeError(`${new Date(ms).toISOString()} is not on a ${partials.grid.sizeMs / 60_000}-minute bucket boundary`);
  }
}

/** A counts store over [start, end) judged at `asOfMs` (all three on bucket boundaries, end <= asOf <= the refresh's bucket), from the records alone. */
export function countsAtBoundary(partials: LocationPartials, store: string, spec: CountsSpec, window: TimeRange, asOfMs: number): number[] {
  assertBoundaries(partials, [window.startMs, window.endMs, asOfMs]);
  const first = bucketOf(partials.grid, window.startMs);
  const end = bucketOf(partials.grid, window.endMs);
  const limit = bucketOf(partials.grid, asOfMs);
  if (window.endMs > asOfMs || limit > partials.coveredTo) throw new RangeError('window must end by asOf, and asOf not be after the refresh');
  checkCovered(partials, first, end, store);
  const totals = new Array<number>(spec.fields).fill(0);
  sumRecords(seriesOf(partials, store), spec, first, end, limit, totals);
  return totals;
}

/** Members (e.g. staff) and how many of them have the flag, over the window. */
export interface MemberCounts {
  members: number;
  flagged: number;
}

/**
 * Members seen in a window and whether flagged, per member id (interned: small and
 * dense), one set of arrays reused by every window: a Map per window and location was
 * garbage at every refresh. Counting is synchronous, so one tally serves all.
 */
class MemberTally {
  /** 0: not seen; 1: seen; 2: seen with the flag (slot = id + 1: a missing member is a key too). */
  private marks = new Uint8Array(1024);
  private touched = new Int32Array(1024);
  private size = 0;

  add(member: number, flag: boolean): void {
    const slot = member + 1;
    this.marks = withRoom(this.marks, slot + 1, uint8s);
    const mark = this.marks[slot] ?? 0;
    if (mark === 0) {
      this.touched = withRoom(this.touched, this.size + 1, int32s);
      this.touched[this.size] = slot;
      this.size += 1;
    }
    if (mark !== 2) this.marks[slot] = flag ? 2 : 1;
  }

  /** The window's counts; the tally is empty again afterwards, also when `fill` throws. */
  count(fill: (tally: MemberTally) => void): MemberCounts {
    try {
      fill(this);
    } catch (error) {
      this.take();
      throw error;
    }
    return this.take();
  }

  private take(): MemberCounts {
    let flagged = 0;
    for (let at = 0; at < this.size; at += 1) {
      const slot = this.touched[at] ?? 0;
      if (this.marks[slot] === 2) flagged += 1;
      this.marks[slot] = 0;
    }
    const members = this.size;
    this.size = 0;
    return { members, flagged };
  }
}

const memberTally = new MemberTally();

function mergePairs(tally: MemberTally, pairs: readonly number[]): void {
  for (let at = 0; at + 1 < pairs.length; at += 2) tally.add(pairs[at] ?? -1, pairs[at + 1] === 1);
}

function mergeRecords(series: BucketSeries, first: number, end: number, limit: number, tally: MemberTally): void {
  series.forEach(first, end, (_bucket, data, start, stop) => {
    for (let at = start; at < stop; at += 3) {
      if ((data[at] ?? 0) > limit) continue;
      tally.add(data[at + 1] ?? -1, data[at + 2] === 1);
    }
  });
}

/** A members store over the window, as judged at the refresh's `now`. */
export function membersAtNow(partials: LocationPartials, store: string, window: TimeRange): MemberCounts {
  const cut = cutWindow(partials.grid, window);
  checkCovered(partials, cut.first, cut.end, store);
  const series = seriesOf(partials, store);
  return memberTally.count((tally) => {
    mergeRecords(series, cut.first, cut.end, partials.coveredTo, tally);
    for (const [bucket, pairs] of partials.maturing.get(store) ?? []) if (bucket >= cut.first && bucket < cut.end) mergePairs(tally, pairs);
    if (cut.leading) mergePairs(tally, edgeOf(partials, cut.leading, store));
    if (cut.trailing) mergePairs(tally, edgeOf(partials, cut.trailing, store));
  });
}

/** A members store over [start, end) judged at `asOfMs`, all on bucket boundaries, from the records alone. */
export function membersAtBoundary(partials: LocationPartials, store: string, window: TimeRange, asOfMs: number): MemberCounts {
  assertBoundaries(partials, [window.startMs, window.endMs, asOfMs]);
  const first = bucketOf(partials.grid, window.startMs);
  const end = bucketOf(partials.grid, window.endMs);
  const limit = bucketOf(partials.grid, asOfMs);
  if (window.endMs > asOfMs || limit > partials.coveredTo) throw new RangeError('window must end by asOf, and asOf not be after the refresh');
  checkCovered(partials, first, end, store);
  const series = seriesOf(partials, store);
  return memberTally.count((tally) => mergeRecords(series, first, end, limit, tally));
}

/**
 * Calls `visit` with every detail record whose instant lies in the window: from the
 * held buckets (the partial bucket at the start is held whole and filtered) and, when
 * the window ends in the current bucket, that bucket's rows read this refresh.
 */
export function detailAtNow(partials: LocationPartials, store: string, width: number, window: TimeRange, visit: (record: readonly number[]) => void): void {
  const { grid } = partials;
  const first = bucketOf(grid, window.startMs);
  const cut = cutWindow(grid, window);
  checkCovered(partials, first, cut.end, store);
  if (first < partials.detailFrom) throw new RangeError(`${store}: detail is held from bucket ${partials.detailFrom}, not ${first}`);
  const record = new Array<number>(width).fill(0);
  const emit = (data: ArrayLike<number>, at: number, bucketStartMs: number): void => {
    const instant = bucketStartMs + (data[at] ?? 0);
    if (instant < window.startMs || instant >= window.endMs) return;
    for (let field = 0; field < width; field += 1) record[field] = data[at + field] ?? 0;
    record[0] = instant;
    visit(record);
  };
  seriesOf(partials, store).forEach(first, cut.end, (bucket, data, start, stop) => {
    for (let at = start; at < stop; at += width) emit(data, at, bucket * grid.sizeMs);
  });
  if (cut.trailing) {
    const rows = edgeOf(partials, cut.trailing, store);
    const bucketStart = bucketOf(grid, cut.trailing.startMs) * grid.sizeMs;
    for (let at = 0; at + width <= rows.length; at += width) emit(rows, at, bucketStart);
  }
}
