import { describe, expect, it } from 'vitest';
import { Interner } from '../../../src/engine/incremental/interner.ts';
import { BucketSeries } from '../../../src/engine/incremental/series.ts';

const shape = { width: 2, float: false };
const records = (series: BucketSeries, bucket: number): number[] => [...series.records(bucket)];

describe('bucket series', () => {
  it('replaces buckets in a new series, leaving the old one as it was', () => {
    const first = BucketSeries.empty(shape).replace(
      new Map([
        [10, Int32Array.of(1, 5, 2, 6)],
        [70, Int32Array.of(3, 7)], // another page (64 buckets a page)
      ]),
    );
    const second = first.replace(new Map([[10, Int32Array.of(9, 9)]]));
    expect(records(first, 10)).toEqual([1, 5, 2, 6]);
    expect(records(second, 10)).toEqual([9, 9]);
    expect(records(second, 70)).toEqual([3, 7]);
    expect(records(second, 11)).toEqual([]);
    const seen: Array<[number, number[]]> = [];
    second.forEach(0, 100, (bucket, data, start, end) => seen.push([bucket, [...data.subarray(start, end)]]));
    expect(seen).toEqual([
      [10, [9, 9]],
      [70, [3, 7]],
    ]);
    // an empty column clears a bucket, and a page left empty is dropped
    expect(second.replace(new Map([[70, new Int32Array(0)]])).numbers()).toBe(2);
  });

  it('drops buckets before a bucket, inside a page too', () => {
    const series = BucketSeries.empty(shape).replace(
      new Map([
        [1, Int32Array.of(1, 1)],
        [65, Int32Array.of(2, 2)],
        [66, Int32Array.of(3, 3)],
      ]),
    );
    const dropped = series.dropBefore(66);
    expect(records(dropped, 1)).toEqual([]);
    expect(records(dropped, 65)).toEqual([]);
    expect(records(dropped, 66)).toEqual([3, 3]);
  });

  it('keeps fractional values exactly in a float series', () => {
    const series = BucketSeries.empty({ width: 2, float: true }).replace(new Map([[3, Float64Array.of(1500, 0.1 + 0.2)]]));
    expect(records(series, 3)).toEqual([1500, 0.1 + 0.2]);
  });

  it('refuses a column that is not whole records', () => {
    expect(() => BucketSeries.empty(shape).replace(new Map([[1, Int32Array.of(1, 2, 3)]]))).toThrow(/not a whole number of records/);
  });
});

describe('interner', () => {
  it('keeps only live ids when compacted, renumbered in order, and leaves the old interner valid', () => {
    const interner = new Interner();
    const ids = ['a', 'b', 'c', 'd'].map((text) => interner.id(text));
    expect(ids).toEqual([0, 1, 2, 3]);
    expect(interner.id('c')).toBe(2);
    const { interner: compacted, remap } = interner.compacted(new Set([1, 3]));
    expect([remap(0), remap(1), remap(2), remap(3)]).toEqual([-1, 0, -1, 1]);
    expect(compacted.id('b')).toBe(0);
    expect(compacted.id('d')).toBe(1);
    expect(compacted.id('a')).toBe(2); // a forgotten text gets a new id
    expect(interner.id('d')).toBe(3);
  });

  it('keeps md5 digests apart exactly, through growth and compaction, mixed with other texts', () => {
    // 3000 digests that all share their first 32 bits (one hash slot, probed linearly) and differ in the
    // last digit group only, plus the same number written in upper case (not a digest form: a Map text).
    const digest = (n: number): string => `00000000aaaaaaaabbbbbbbb${n.toString(16).padStart(8, '0')}`;
    const interner = new Interner();
    const ids: number[] = [];
    for (let n = 0; n < 3000; n += 1) {
      ids.push(interner.id(digest(n)));
      ids.push(interner.id(digest(n).toUpperCase()));
    }
    expect(ids).toEqual(Array.from({ length: 6000 }, (_, i) => i)); // every text new, ids in order
    for (let n = 0; n < 3000; n += 1) expect(interner.id(digest(n))).toBe(2 * n);
    expect(interner.size).toBe(6000);
    // Keep the digests of even n and the upper-case texts of multiples of 3.
    const live = new Set<number>();
    for (let n = 0; n < 3000; n += 1) {
      if (n % 2 === 0) live.add(2 * n);
      if (n % 3 === 0) live.add(2 * n + 1);
    }
    const { interner: compacted, remap } = interner.compacted(live);
    const kept = [...live].sort((a, b) => a - b);
    kept.forEach((old, index) => expect(remap(old)).toBe(index));
    expect(remap(2)).toBe(-1); // digest(1): not live
    expect(compacted.id(digest(4))).toBe(remap(8));
    expect(compacted.id(digest(3).toUpperCase())).toBe(remap(7));
    expect(compacted.id(digest(1))).toBe(kept.length); // forgotten: a new id
    expect(interner.id(digest(1))).toBe(2); // the old interner is unchanged
  });
});
