import { describe, expect, it } from 'vitest';
import { bucketMinutesFor, bucketRuns, cutWindow } from '../../../src/engine/incremental/buckets.ts';

const NOW = new Date('2026-11-25T10:00:00Z');
const HOUR = 3_600_000;

describe('bucket grid', () => {
  it('is an hour where local Mondays start on the hour, smaller where they do not', () => {
    // Europe/London: 00:00 GMT or 23:00 UTC (BST): on the hour across both clock changes.
    expect(bucketMinutesFor('2026-01-05', 'Europe/London', NOW)).toBe(60);
    // UTC+5:30: Monday 00:00 IST is Sunday 18:30 UTC.
    expect(bucketMinutesFor('2026-01-05', 'Asia/Kolkata', NOW)).toBe(30);
    // UTC+5:45: Sunday 18:15 UTC.
    expect(bucketMinutesFor('2026-01-05', 'Asia/Kathmandu', NOW)).toBe(15);
    // Adelaide: +10:30 in summer, +9:30 in winter: always on the half hour.
    expect(bucketMinutesFor('2026-01-05', 'Australia/Adelaide', NOW)).toBe(30);
  });

  it('cuts a window into whole buckets and the partial buckets at its ends', () => {
    const grid = { sizeMs: HOUR };
    const start = Date.parse('2026-11-18T10:17:23.456Z');
    const end = Date.parse('2026-11-25T10:17:23.456Z');
    const cut = cutWindow(grid, { startMs: start, endMs: end });
    // whole buckets from 11:00 on the 18th to 10:00 on the 25th (exclusive): 7 * 24 - 1 hours
    expect(cut.first).toBe(Date.parse('2026-11-18T11:00:00Z') / HOUR);
    expect(cut.end).toBe(Date.parse('2026-11-25T10:00:00Z') / HOUR);
    expect(cut.end - cut.first).toBe(167);
    expect(cut.leading).toEqual({ startMs: start, endMs: Date.parse('2026-11-18T11:00:00Z') });
    expect(cut.trailing).toEqual({ startMs: Date.parse('2026-11-25T10:00:00Z'), endMs: end });
    // on boundaries: no partial buckets
    const aligned = cutWindow(grid, { startMs: Date.parse('2026-11-18T10:00:00Z'), endMs: Date.parse('2026-11-25T10:00:00Z') });
    expect(aligned).toEqual({ first: aligned.first, end: aligned.first + 168, leading: undefined, trailing: undefined });
  });

  it('turns buckets into runs', () => {
    expect(bucketRuns([5, 3, 4, 9, 10, 3])).toEqual([
      [3, 6],
      [9, 11],
    ]);
    expect(bucketRuns([])).toEqual([]);
  });
});
