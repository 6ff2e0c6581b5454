/**
 * The three kinds of partial store a table pass keeps per location and bucket:
 *
 * - counts:  records [matures, field1, field2, ...], one per (bucket, maturity
 *            bucket). `matures` is the first bucket boundary at which the rows are
 *            mature (judged); `gated` fields count only once mature, the others
 *            (rows skipped as invalid) always. Mergeable by addition.
 * - members: records [matures, member, flag], one per (bucket, maturity bucket,
 *            member): who was judged (staff of login coverage) and whether the flag
 *            held for any of their rows. Merged by union, flags by OR.
 * - detail:  one record per row, [offset ms in its bucket, ...], kept only for the
 *            28-day span (note wording fingerprints, acknowledgement delays): what
 *            neither sums nor unions can give.
 *
 * Records are timeless: they describe the rows as they are, whatever `now` is. A
 * window judged at an instant on a bucket boundary is then an exact sum over the
 * stored records (see evaluate.ts); off a boundary, the rows maturing within the
 * current bucket and the partial buckets at a window's edges are read from the
 * database at that instant (`maturing`, `edges`).
 */
import type { BucketGrid } from './buckets.ts';
import type { BucketSeries, SeriesShape } from './series.ts';

export type StoreSpec =
  /** `spanOnly`: held for the 28-day span only (counts only ever asked of the rolling windows). */
  | { kind: 'counts'; fields: number; gated: readonly boolean[]; spanOnly?: boolean }
  | { kind: 'members' }
  | { kind: 'detail'; width: number; float: boolean; idFields: readonly number[] };

export function seriesShape(spec: StoreSpec): SeriesShape {
  if (spec.kind === 'counts') return { width: 1 + spec.fields, float: false };
  if (spec.kind === 'members') return { width: 3, float: false };
  return { width: spec.width, float: spec.float };
}

/** True when the store is held for the 28-day span only (and read with the ranges' detail). */
export const spanOnly = (spec: StoreSpec): boolean => spec.kind === 'detail' || (spec.kind === 'counts' && spec.spanOnly === true);

/** Record fields that hold interned ids (renumbered when the interner is compacted). */
export function idFields(spec: StoreSpec): readonly number[] {
  if (spec.kind === 'members') return [1];
  if (spec.kind === 'detail') return spec.idFields;
  return [];
}

/** What one table pass knows of one location after a refresh at `nowMs`. */
export interface LocationPartials {
  readonly grid: BucketGrid;
  /** Buckets [coveredFrom, coveredTo) are held; coveredTo is the bucket containing `now` (not held: it is not over). */
  readonly coveredFrom: number;
  readonly coveredTo: number;
  /** Detail stores hold buckets [detailFrom, coveredTo) only: the 28-day span. */
  readonly detailFrom: number;
  readonly series: ReadonlyMap<string, BucketSeries>;
  /**
   * Per store and bucket: what of the records maturing in the current bucket
   * (matures == coveredTo + 1) was mature at `now` — counts: the gated fields
   * summed; members: [member, flag, member, flag, ...].
   */
  readonly maturing: ReadonlyMap<string, ReadonlyMap<number, readonly number[]>>;
  /**
   * Per partial-bucket range (`edgeKey`) and store, the rows of that range as judged
   * at `now` — counts: every field; members: [member, flag, ...] pairs; detail: the
   * records, offsets counted from the start of the range's bucket.
   */
  readonly edges: ReadonlyMap<string, ReadonlyMap<string, readonly number[]>>;
}

export const edgeKey = (startMs: number, endMs: number): string => `${startMs}:${endMs}`;
