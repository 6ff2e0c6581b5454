/**
 * Cheap re-verification: instead of reading a held bucket again in full (for care
 * notes, normalising and hashing every note; for alerts, returning every
 * acknowledgement delay), a check statement returns one digest per bucket of the
 * rows the pass's read judges: their count and the sum of a 64-bit hash of every
 * column the judgement uses. A bucket is read in full only when its digest differs
 * from the one held.
 *
 * Exactness rests on one rule: a digest is held for a bucket only beside records
 * read from the same rows, that is, checked in the snapshot in which the bucket was
 * read in full or found unchanged. So a bucket read in full without a check (recent,
 * changed by a timestamp) loses its digest, and the next check of it reads it in
 * full again. Equal digests then mean the rows are the rows the held records came
 * from (a change keeping the count and the 64-bit sum is a chance of about 2^-64).
 */
import type { Queryable } from '../../db/types.ts';
import { bucketRanges, type RangeSpec } from './plan.ts';
import type { LocationPlan } from './location-plan.ts';

/** What a bucket without rows holds as its digest. */
export const EMPTY_DIGEST = '0';
/**
 * Buckets one check statement covers at most (a first refresh takes the digests of the whole 28-day span), and at
 * most the pass's statement budget (statements.ts), which follows the size of the homes.
 */
export const CHECK_BUCKETS_PER_STATEMENT = 2000;

/**
 * The check statement of a pass over ranges of whole buckets: $1 text[] locations,
 * $2 timestamptz[] starts, $3 timestamptz[] ends, $4 int[] bucket seconds; `rowSql`
 * selects, per range `r`, the reference time `at` and the judged columns as one
 * ROW(...) `judged` (timestamps as epoch seconds, so the text does not follow the
 * session's time zone). Returns (range, bucket, digest).
 */
export function checkSql(rowSql: string): string {
  return `SELECT r.idx::int AS range,
  extract(epoch FROM date_bin(r.bucket_seconds * interval '1 second', x.at, timestamptz '1970-01-01 00:00:00+00'))::bigint AS bucket,
  count(*)::text || ':' || sum(hashtextextended(x.judged::text, 0))::text AS digest
FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[], $4::int[]) WITH ORDINALITY AS r(location_id, starts, ends, bucket_seconds, idx)
CROSS JOIN LATERAL (
  ${rowSql}
  OFFSET 0 -- a fence: one index range scan per range
) x
GROUP BY 1, 2`;
}

/** Digests read now, per location and bucket (every bucket asked for: EMPTY_DIGEST when it has no rows). */
export type CheckedDigests = Map<string, Map<number, string>>;

/** Runs the check statement over `buckets` of each plan, in batches; returns the digests and the number of statements. */
export async function checkBuckets(
  tx: Queryable,
  sql: string,
  plans: ReadonlyArray<{ plan: LocationPlan; buckets: ReadonlySet<number> }>,
  budgetWeight: number,
): Promise<{ digests: CheckedDigests; statements: number }> {
  const limit = Math.max(1, Math.min(CHECK_BUCKETS_PER_STATEMENT, budgetWeight));
  const digests: CheckedDigests = new Map();
  const ranges: RangeSpec[] = [];
  const sizes = new Map<string, number>();
  for (const { plan, buckets } of plans) {
    if (buckets.size === 0) continue;
    const id = plan.info.locationId;
    sizes.set(id, plan.grid.sizeMs);
    const held = new Map<number, string>();
    for (const bucket of buckets) held.set(bucket, EMPTY_DIGEST);
    digests.set(id, held);
    // One range per run of buckets, cut so no statement holds more than the limit.
    for (const range of bucketRanges(id, plan.grid, buckets, Number.NEGATIVE_INFINITY)) {
      const step = limit * plan.grid.sizeMs;
      for (let start = range.startMs; start < range.endMs; start += step) ranges.push({ ...range, startMs: start, endMs: Math.min(range.endMs, start + step) });
    }
  }
  let statements = 0;
  let batch: RangeSpec[] = [];
  let weight = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const { rows } = await tx.query(sql, [
      batch.map((range) => range.location),
      batch.map((range) => new Date(range.startMs).toISOString()),
      batch.map((range) => new Date(range.endMs).toISOString()),
      batch.map((range) => range.bucketSeconds),
    ]);
    statements += 1;
    for (const row of rows) {
      const range = batch[Number(row.range) - 1];
      const sizeMs = range && sizes.get(range.location);
      if (!range || sizeMs === undefined) throw new Error(`check row of range ${String(row.range)} out of range`);
      digests.get(range.location)?.set((Number(row.bucket) * 1000) / sizeMs, String(row.digest));
    }
    batch = [];
    weight = 0;
  };
  for (const range of ranges) {
    const buckets = (range.endMs - range.startMs) / (range.bucketSeconds * 1000);
    if (weight + buckets > limit) await flush();
    batch.push(range);
    weight += buckets;
  }
  await flush();
  return { digests, statements };
}

/** The held buckets whose digest differs from the one read now. */
export function differingDigests(held: ReadonlyMap<number, string> | undefined, checked: ReadonlyMap<number, string> | undefined): Set<number> {
  const differing = new Set<number>();
  for (const [bucket, digest] of checked ?? []) {
    const known = held?.get(bucket);
    if (known !== undefined && known !== digest) differing.add(bucket);
  }
  return differing;
}

/**
 * The digests a location holds after this refresh: those it held, less every bucket
 * read in full now without a check (its records no longer match the digest), plus
 * those checked now, within the 28-day span (the only buckets the rolling
 * re-verification checks).
 */
export function nextDigests(
  held: ReadonlyMap<number, string> | undefined,
  readInFull: Iterable<[number, number]>,
  checked: ReadonlyMap<number, string> | undefined,
  span: { detailFrom: number; coveredTo: number },
): Map<number, string> {
  const next = new Map(held ?? []);
  for (const [first, end] of readInFull) for (let bucket = first; bucket < end; bucket += 1) next.delete(bucket);
  for (const [bucket, digest] of checked ?? []) next.set(bucket, digest);
  for (const bucket of next.keys()) if (bucket < span.detailFrom || bucket >= span.coveredTo) next.delete(bucket);
  return next;
}
