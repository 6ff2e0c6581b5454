/**
 * The changes one refresh of a pass makes, gathered statement by statement beside
 * the state in use: replaced buckets, what matures within the current bucket, the
 * partial buckets at the windows' edges, weeks judged in SQL. Nothing here touches
 * the held state; `changes()` and the comparisons read it only.
 */
import type { Interner } from './interner.ts';
import type { PassRow, PassSpec } from './pass-spec.ts';
import type { RangeSpec, WeekSpec } from './plan.ts';
import { makeColumn, type BucketSeries, type Column } from './series.ts';
import { edgeKey, seriesShape, spanOnly, type StoreSpec } from './stores.ts';
import type { WeekCount } from './state.ts';

type Records = number[][];

/** The id stored for a NULL id (a note without a service user): never handed out by the interner. */
export const NO_ID = -1;

export interface LocationDraft {
  /** Bucket length, ms, and the bucket of now. */
  sizeMs: number;
  current: number;
  replaced: Map<string, Map<number, Records>>;
  maturing: Map<string, Map<number, number[]>>;
  edges: Map<string, Map<string, number[]>>;
  weeks: Map<string, WeekCount>;
}

const compareRecords = (a: readonly number[], b: readonly number[]): number => {
  for (let i = 0; i < a.length; i += 1) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
};

/** A bucket's records in one canonical order, packed: held and re-read buckets compare equal exactly when their rows are judged the same. */
export function packRecords(spec: StoreSpec, records: Records): Column {
  const shape = seriesShape(spec);
  const column = makeColumn(shape, records.length * shape.width);
  records.sort(compareRecords).forEach((record, index) => column.set(record, index * shape.width));
  return column;
}

const sameColumn = (a: Column, b: Column): boolean => a.length === b.length && a.every((value, index) => value === b[index]);

export class PassDraft {
  readonly locations = new Map<string, LocationDraft>();

  constructor(
    private readonly spec: PassSpec,
    private readonly interner: Interner,
  ) {}

  location(id: string, sizeMs: number, current: number): LocationDraft {
    let draft = this.locations.get(id);
    if (!draft) {
      draft = { sizeMs, current, replaced: new Map(), maturing: new Map(), edges: new Map(), weeks: new Map() };
      this.locations.set(id, draft);
    }
    return draft;
  }

  private storeSpec(kind: string): StoreSpec {
    const spec = this.spec.stores[kind];
    if (!spec) throw new Error(`${this.spec.name}: unexpected row kind ${kind}`);
    return spec;
  }

  /** Marks what a statement's ranges replace (every bucket, empty unless rows say otherwise) and opens its edges. */
  private open(ranges: readonly RangeSpec[], drafts: readonly LocationDraft[]): void {
    ranges.forEach((range, index) => {
      const draft = drafts[index];
      if (!draft) return;
      for (const [store, spec] of Object.entries(this.spec.stores)) {
        if (spanOnly(spec) && !range.detail) continue;
        if (range.role === 'edge') {
          let edge = draft.edges.get(edgeKey(range.startMs, range.endMs));
          if (!edge) draft.edges.set(edgeKey(range.startMs, range.endMs), (edge = new Map<string, number[]>()));
          edge.set(store, spec.kind === 'counts' ? new Array<number>(spec.fields).fill(0) : []);
          continue;
        }
        let buckets = draft.replaced.get(store);
        if (!buckets) draft.replaced.set(store, (buckets = new Map<number, Records>()));
        for (let b = range.startMs / draft.sizeMs; b < range.endMs / draft.sizeMs; b += 1) buckets.set(b, []);
      }
    });
  }

  /** Adds the rows of one statement over `ranges` (and `weeks`). */
  apply(ranges: readonly RangeSpec[], weeks: readonly WeekSpec[], rows: readonly PassRow[], drafts: readonly LocationDraft[]): void {
    this.open(ranges, drafts);
    for (const row of rows) {
      if (row.kind === 'week') {
        const week = weeks[row.range - 1];
        const draft = week && this.locations.get(week.location);
        if (!week || !draft) throw new Error(`${this.spec.name}: week row ${row.range} out of range`);
        draft.weeks.set(week.label, [row.n[0] ?? 0, row.n[1] ?? 0]);
        continue;
      }
      const range = ranges[row.range - 1];
      const draft = drafts[row.range - 1];
      if (!range || !draft) throw new Error(`${this.spec.name}: row of range ${row.range} out of range`);
      this.applyRow(row, range, draft, this.storeSpec(row.kind));
    }
  }

  private applyRow(row: PassRow, range: RangeSpec, draft: LocationDraft, spec: StoreSpec): void {
    const bucket = row.bucketMs / draft.sizeMs;
    const matures = Number.isNaN(row.maturesMs) ? 0 : row.maturesMs / draft.sizeMs;
    const edge = range.role === 'edge' ? draft.edges.get(edgeKey(range.startMs, range.endMs))?.get(row.kind) : undefined;
    if (spec.kind === 'counts') {
      const full = row.n.slice(0, spec.fields);
      const gatedNow: number[] = [];
      let next = spec.fields;
      for (let field = 0; field < spec.fields; field += 1) gatedNow.push(spec.gated[field] ? (row.n[next++] ?? 0) : 0);
      if (edge) {
        full.forEach((value, field) => (edge[field] = (edge[field] ?? 0) + (spec.gated[field] ? (gatedNow[field] ?? 0) : value)));
        return;
      }
      this.records(draft, row.kind, bucket).push([matures, ...full]);
      if (matures === draft.current + 1) this.addMaturing(draft, row.kind, bucket, gatedNow);
      return;
    }
    if (spec.kind === 'members') {
      const member = this.interner.id(row.id1 ?? '');
      const [flag = 0, flagNow = 0, matureNow = 0] = row.n;
      if (edge) {
        if (matureNow === 1) edge.push(member, flagNow);
        return;
      }
      this.records(draft, row.kind, bucket).push([matures, member, flag]);
      if (matures === draft.current + 1 && matureNow === 1) this.maturingOf(draft, row.kind, bucket).push(member, flagNow);
      return;
    }
    // [offset, ids of id1, id2 as the store has them (-1 for NULL), x when the store has a value after the ids]
    const record = [row.atMs - row.bucketMs];
    [row.id1, row.id2].slice(0, spec.idFields.length).forEach((id) => record.push(id === undefined ? NO_ID : this.interner.id(id)));
    if (record.length < spec.width) record.push(row.x);
    if (record.length !== spec.width || record.some(Number.isNaN)) throw new Error(`${this.spec.name}: ${row.kind} row does not fit the store`);
    if (edge) edge.push(...record);
    else this.records(draft, row.kind, bucket).push(record);
  }

  private records(draft: LocationDraft, store: string, bucket: number): Records {
    const records = draft.replaced.get(store)?.get(bucket);
    if (!records) throw new Error(`${this.spec.name}: ${store} row in bucket ${bucket}, outside the ranges read`);
    return records;
  }

  private maturingOf(draft: LocationDraft, store: string, bucket: number): number[] {
    let byBucket = draft.maturing.get(store);
    if (!byBucket) draft.maturing.set(store, (byBucket = new Map<number, number[]>()));
    let values = byBucket.get(bucket);
    if (!values) byBucket.set(bucket, (values = []));
    return values;
  }

  private addMaturing(draft: LocationDraft, store: string, bucket: number, values: readonly number[]): void {
    const sums = this.maturingOf(draft, store, bucket);
    values.forEach((value, field) => (sums[field] = (sums[field] ?? 0) + value));
  }

  /** The packed replacements of one location's store. */
  changes(draft: LocationDraft, store: string): Map<number, Column> {
    const spec = this.storeSpec(store);
    const packed = new Map<number, Column>();
    for (const [bucket, records] of draft.replaced.get(store) ?? []) packed.set(bucket, packRecords(spec, records));
    return packed;
  }

  /** How many of `buckets` read now differ, in any store, from what `held` has. */
  differences(
    draft: LocationDraft,
    held: ReadonlyMap<string, BucketSeries>,
    packed: ReadonlyMap<string, ReadonlyMap<number, Column>>,
    buckets: Iterable<number>,
  ): number[] {
    const differing: number[] = [];
    for (const bucket of buckets) {
      for (const [store, changes] of packed) {
        const fresh = changes.get(bucket);
        const series = held.get(store);
        if (fresh && series && !sameColumn(fresh, series.records(bucket))) {
          differing.push(bucket);
          break;
        }
      }
    }
    return differing;
  }
}
