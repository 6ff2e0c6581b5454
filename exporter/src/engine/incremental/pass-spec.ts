/**
 * What a table pass is: ONE grouped read of one ECM table (with the probes its
 * judgement needs) over a list of time ranges, returning partial aggregates per
 * location, bucket and maturity bucket, from which every indicator on that table
 * is computed. Each pass file (tasks, care notes, alerts, shifts) holds its SQL as
 * named constants and one PassSpec.
 *
 * Every read takes the same parameters:
 *   $1 text[]        location per range
 *   $2 timestamptz[] range start (inclusive)
 *   $3 timestamptz[] range end (exclusive)
 *   $4 int[]         bucket length of the range's location, seconds
 *   $5 timestamptz   now (maturity is judged against it)
 *   $6 jsonb         settings (see indicatorSqlSettings)
 *   $7 boolean[]     detail: also return one row per detail record (28-day span only)
 *   $8 boolean[]     week source: the range's rows count towards $9.. weeks (edge ranges do not)
 *   $9 text[], $10 timestamptz[], $11 timestamptz[]   weeks to judge whole (care notes only)
 * and returns rows of one shape (read by draft.ts): `range`, the 1-based range (or
 * week) ordinal; `kind`, a store name or `week`; `bucket` and `matures`, the starts
 * of the row's bucket and of the bucket at whose start its rows are mature, in Unix
 * seconds; counts n1..n6; and for detail rows `at_ms` (the instant), ids `id1`,
 * `id2` and a float `x`.
 */
import type { IndicatorSettings } from '../../indicators/settings.ts';
import type { StoreSpec } from './stores.ts';
import type { LocationPartials } from './stores.ts';

export type PassName = 'tasks' | 'care_notes' | 'alerts' | 'shifts';

export interface PassSpec {
  name: PassName;
  /** Stores by name; a row's `kind` names one. */
  stores: Readonly<Record<string, StoreSpec>>;
  /** The settings the pass's judgement depends on: a change recomputes the pass in full. */
  settingsKey(settings: IndicatorSettings): string;
  /** How long after its reference time a row can still become mature (largest tolerance or target); 0 when maturity is not bounded by the reference time. */
  maturityReachMs(settings: IndicatorSettings): number;
  /**
   * Change discovery: $1 text[] locations, $2 int[] their bucket seconds, $3
   * timestamptz since; returns (location_id, bucket) of rows changed after `since`
   * by the contract's change timestamps. Undefined when the hot range and the
   * held partials cover every timestamped change (shifts).
   */
  changesSql: string | undefined;
  /** $1 text[] locations; returns ("table", reason, rows): rows skipped for a NULL reference time. */
  nullsSql: string;
  readSql: string;
  /** Buckets to re-read every refresh besides the recent ones: those whose rows are still open after `sinceMs` (shifts not ended). */
  openBuckets?(partials: LocationPartials, sinceMs: number): Iterable<number>;
  /** True when the pass judges whole weeks in SQL ($9..$11: note duplication of weeks outside the 28-day span). */
  judgesWeeks: boolean;
}

/**
 * The CTE every read starts with: `ranges(idx, location_id, starts, ends, stride, detail, week_source)`.
 * MATERIALIZED: inlined, a range's stride (an interval product) would be computed again for every row read.
 */
export const RANGES_CTE = `ranges AS MATERIALIZED (
  SELECT r.idx::int AS idx, r.location_id, r.starts, r.ends, r.bucket_seconds * interval '1 second' AS stride, r.detail, r.week_source
  FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[], $4::int[], $7::boolean[], $8::boolean[])
    WITH ORDINALITY AS r(location_id, starts, ends, bucket_seconds, detail, week_source, idx)
),
params AS (SELECT $5::timestamptz AS now, $6::jsonb AS settings, $9::text[] AS week_locations, $10::timestamptz[] AS week_starts, $11::timestamptz[] AS week_ends)`;

/** Buckets are counted from the Unix epoch, so a bucket number is the same in SQL and here. */
export const ORIGIN = `timestamptz '1970-01-01 00:00:00+00'`;

/** Columns a pass row does not use, in order after the ones it does (every branch of a UNION ALL has the same columns). */
export const NO_DETAIL = `NULL::bigint AS at_ms, NULL::text AS id1, NULL::text AS id2, NULL::float8 AS x`;
