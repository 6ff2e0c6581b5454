import { describe, expect, it } from 'vitest';
import { sameRecords } from '../../../src/engine/incremental/same-records.ts';

describe('sameRecords (a bucket read again against the one held)', () => {
  it('is true for the same records in any order', () => {
    // records of width 3: (0,5,7) (0,5,2) (12,1,1)
    expect(sameRecords([0, 5, 7, 0, 5, 2, 12, 1, 1], [12, 1, 1, 0, 5, 7, 0, 5, 2], 3)).toBe(true);
    expect(sameRecords(Int32Array.from([0, 5, 7, 0, 5, 2]), [0, 5, 2, 0, 5, 7], 3)).toBe(true);
    expect(sameRecords([], Float64Array.from([]), 2)).toBe(true);
  });

  it('tells apart records that differ in one field, in number, or in how often each occurs', () => {
    expect(sameRecords([0, 5, 7, 0, 5, 2], [0, 5, 7, 0, 5, 3], 3)).toBe(false);
    expect(sameRecords([0, 5, 7], [0, 5, 7, 0, 5, 7], 3)).toBe(false);
    // the same numbers, grouped into other records: (1,2)(2,1) against (1,1)(2,2)
    expect(sameRecords([1, 2, 2, 1], [1, 1, 2, 2], 2)).toBe(false);
    // the same records, in other multiplicities: (1,1)(1,1)(2,2) against (1,1)(2,2)(2,2)
    expect(sameRecords([1, 1, 1, 1, 2, 2], [1, 1, 2, 2, 2, 2], 2)).toBe(false);
  });

  it('treats NaN as equal to NaN and ignores numbers after the last whole record', () => {
    expect(sameRecords([0, Number.NaN, 3, 4], [3, 4, 0, Number.NaN], 2)).toBe(true);
    expect(sameRecords([0, Number.NaN], [0, 1], 2)).toBe(false);
    expect(sameRecords([1, 2, 9], [1, 2], 2)).toBe(true);
  });
});
