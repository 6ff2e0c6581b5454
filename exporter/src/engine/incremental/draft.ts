/**
 * The changes one refresh of a pass makes, gathered statement by statement beside
 * the state in use: replaced buckets, what matures within the current bucket, the
 * partial buckets at the windows' edges, weeks judged in SQL. Nothing here touches
 * the held state; `changes()` and the comparisons read it only.
 *
 * The first refresh after a start turns some millions of rows into records, so this
 * is written to allocate little: records are appended to one flat array per bucket,
 * buckets that receive no rows are only noted as runs, and each row is added as the
 * driver parses it (see `sink`).
 */
import type { Row } from '../../db/types.ts';
import type { Steps } from '../slices.ts';
import type { Interner } from './interner.ts';
import type { PassSpec } from './pass-spec.ts';
import type { RangeSpec, WeekSpec } from './plan.ts';
import { sameRecords } from './same-records.ts';
import { BucketSeries } from './series.ts';
import { edgeKey, seriesShape, spanOnly, type StoreSpec } from './stores.ts';
import type { WeekCount } from './state.ts';

/** The id stored for a NULL id (a note without a service user): never handed out by the interner. */
export const NO_ID = -1;

export interface LocationDraft {
  /** Bucket length, ms, and the bucket of now. */
  sizeMs: number;
  current: number;
  /** Per store: the buckets read (every one of them replaced), and the records of those that had rows, flat. */
  read: Map<string, Array<[number, number]>>;
  records: Map<string, Map<number, number[]>>;
  maturing: Map<string, Map<number, number[]>>;
  edges: Map<string, Map<string, number[]>>;
  weeks: Map<string, WeekCount>;
  /**
   * A location computed in full, once its last range was read: its series, built
   * then (see PassDraft.settle); `read` and `records` are emptied.
   */
  settled: Map<string, BucketSeries> | undefined;
  /** Buckets read before `read` was emptied (for the report). */
  bucketsSettled: number;
}

/** Buckets read by a location so far (the largest over its stores). */
export const bucketsReadOf = (location: LocationDraft): number =>
  location.bucketsSettled + Math.max(0, ...[...location.read.values()].map((runs) => runs.reduce((sum, [first, end]) => sum + end - first, 0)));

const N_COLUMNS = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'] as const;

/** A count column of a pass row (pg returns int as number; bigint as text). */
const int = (row: Row, column: string): number => {
  const value = row[column];
  return typeof value === 'number' ? value : Number(value);
};
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function getOrAdd<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = make()));
  return value;
}

export class PassDraft {
  readonly locations = new Map<string, LocationDraft>();

  constructor(
    private readonly spec: PassSpec,
    private readonly interner: Interner,
  ) {}

  location(id: string, sizeMs: number, current: number): LocationDraft {
    return getOrAdd(this.locations, id, () => ({
      sizeMs,
      current,
      read: new Map(),
      records: new Map(),
      maturing: new Map(),
      edges: new Map(),
      weeks: new Map(),
      settled: undefined,
      bucketsSettled: 0,
    }));
  }

  /**
   * Turns a location computed in full into its series as soon as all its ranges are
   * read, and lets its flat records go: the first refresh then holds one location's
   * records at a time as plain arrays, not the provider's whole history (which, as
   * arrays, took several times the memory of the typed series they become).
   */
  *settleSteps(location: LocationDraft): Steps<void> {
    const settled = new Map<string, BucketSeries>();
    for (const [store, spec] of Object.entries(this.spec.stores)) {
      settled.set(store, BucketSeries.empty(seriesShape(spec)).replace(this.changes(location, store)));
      yield;
    }
    location.bucketsSettled = bucketsReadOf(location);
    location.settled = settled;
    location.read.clear();
    location.records.clear();
  }

  private storeSpec(kind: string): StoreSpec {
    const spec = this.spec.stores[kind];
    if (!spec) throw new Error(`${this.spec.name}: unexpected row kind ${kind}`);
    return spec;
  }

  /** Notes what a statement's ranges replace and opens its edges. */
  private open(ranges: readonly RangeSpec[], drafts: readonly LocationDraft[]): void {
    ranges.forEach((range, index) => {
      const draft = drafts[index];
      if (!draft) return;
      for (const [store, spec] of Object.entries(this.spec.stores)) {
        if (spanOnly(spec) && !range.detail) continue;
        if (range.role === 'edge') {
          getOrAdd(draft.edges, edgeKey(range.startMs, range.endMs), () => new Map<string, number[]>()).set(
            store,
            spec.kind === 'counts' ? new Array<number>(spec.fields).fill(0) : [],
          );
        } else getOrAdd(draft.read, store, () => []).push([range.startMs / draft.sizeMs, range.endMs / draft.sizeMs]);
      }
    });
  }

  /**
   * Opens a statement over `ranges` (and `weeks`) and returns what adds each of its
   * rows, called as the driver parses them (see Queryable.eachRow): a row is turned into
   * numbers in the location's flat records at once and left to the young generation.
   */
  sink(ranges: readonly RangeSpec[], weeks: readonly WeekSpec[], drafts: readonly LocationDraft[]): (row: Row) => void {
    this.open(ranges, drafts);
    return (row) => {
      const kind = text(row.kind) ?? '';
      const ordinal = int(row, 'range');
      if (kind === 'week') {
        const week = weeks[ordinal - 1];
        const draft = week && this.locations.get(week.location);
        if (!week || !draft) throw new Error(`${this.spec.name}: week row ${ordinal} out of range`);
        draft.weeks.set(week.label, [int(row, 'n1'), int(row, 'n2')]);
        return;
      }
      const range = ranges[ordinal - 1];
      const draft = drafts[ordinal - 1];
      if (!range || !draft) throw new Error(`${this.spec.name}: row of range ${ordinal} out of range`);
      this.applyRow(row, kind, range, draft, this.storeSpec(kind));
    };
  }

  private applyRow(row: Row, kind: string, range: RangeSpec, draft: LocationDraft, spec: StoreSpec): void {
    const bucketMs = int(row, 'bucket') * 1000;
    const bucket = bucketMs / draft.sizeMs;
    const maturesRaw = row.matures;
    const matures = maturesRaw === null || maturesRaw === undefined ? 0 : (Number(maturesRaw) * 1000) / draft.sizeMs;
    const edge = range.role === 'edge' ? draft.edges.get(edgeKey(range.startMs, range.endMs))?.get(kind) : undefined;
    if (spec.kind === 'counts') {
      // n1..nF: the fields; then, for each gated field in order, its count among the rows mature at now.
      let next = spec.fields;
      const target = edge ?? this.records(draft, kind, bucket);
      const base = edge ? 0 : target.length;
      if (!edge) target.push(matures);
      const maturing = !edge && matures === draft.current + 1 ? this.maturing(draft, kind, bucket) : undefined;
      for (let field = 0; field < spec.fields; field += 1) {
        const value = int(row, N_COLUMNS[field] ?? 'n1');
        const atNow = spec.gated[field] ? int(row, N_COLUMNS[next++] ?? 'n1') : value;
        if (edge) edge[field] = (edge[field] ?? 0) + atNow;
        else {
          target[base + 1 + field] = value;
          if (maturing && spec.gated[field]) maturing[field] = (maturing[field] ?? 0) + atNow;
        }
      }
      return;
    }
    if (spec.kind === 'members') {
      const member = this.interner.id(text(row.id1) ?? '');
      const flag = int(row, 'n1');
      const flagNow = int(row, 'n2');
      const matureNow = int(row, 'n3') === 1;
      if (edge) {
        if (matureNow) edge.push(member, flagNow);
        return;
      }
      this.records(draft, kind, bucket).push(matures, member, flag);
      if (matures === draft.current + 1 && matureNow) this.maturing(draft, kind, bucket).push(member, flagNow);
      return;
    }
    // [offset, the ids the store has (id1, id2; -1 for NULL), then x when the store has a value after them]
    const target = edge ?? this.records(draft, kind, bucket);
    target.push(Number(row.at_ms) - bucketMs);
    for (const column of ['id1', 'id2'].slice(0, spec.idFields.length)) {
      const id = text(row[column]);
      target.push(id === undefined ? NO_ID : this.interner.id(id));
    }
    if (1 + spec.idFields.length < spec.width) target.push(Number(row.x));
  }

  /** What matures within the current bucket, per bucket of a store: count sums, or (member, flag) pairs. */
  private maturing(draft: LocationDraft, store: string, bucket: number): number[] {
    return getOrAdd(
      getOrAdd(draft.maturing, store, () => new Map<number, number[]>()),
      bucket,
      () => [],
    );
  }

  private records(draft: LocationDraft, store: string, bucket: number): number[] {
    return getOrAdd(
      getOrAdd(draft.records, store, () => new Map<number, number[]>()),
      bucket,
      () => [],
    );
  }

  /** The replacements of one location's store: every bucket read, with its records (empty when it had no rows). */
  changes(draft: LocationDraft, store: string): Map<number, ArrayLike<number>> {
    const changes = new Map<number, ArrayLike<number>>();
    const records = draft.records.get(store);
    for (const [first, end] of draft.read.get(store) ?? []) {
      for (let bucket = first; bucket < end; bucket += 1) changes.set(bucket, records?.get(bucket) ?? []);
    }
    for (const [bucket, numbers] of records ?? []) {
      if (!changes.has(bucket)) throw new Error(`${this.spec.name}: ${store} rows in bucket ${bucket}, outside the ranges read`);
      if (numbers.length % seriesShape(this.storeSpec(store)).width !== 0) throw new Error(`${this.spec.name}: ${store} rows do not fit the store`);
    }
    return changes;
  }

  /** Which of `buckets` read now differ, in any store, from what `held` has (records compared in any order); a bucket a step. */
  *differenceSteps(
    held: ReadonlyMap<string, BucketSeries>,
    packed: ReadonlyMap<string, ReadonlyMap<number, ArrayLike<number>>>,
    buckets: Iterable<number>,
  ): Steps<number[]> {
    const differing: number[] = [];
    for (const bucket of buckets) {
      for (const [store, changes] of packed) {
        const fresh = changes.get(bucket);
        const series = held.get(store);
        if (!fresh || !series) continue;
        const width = series.shape.width;
        if (!sameRecords(fresh, series.records(bucket), width)) {
          differing.push(bucket);
          break;
        }
      }
      yield;
    }
    return differing;
  }
}
