import { describe, expect, it } from 'vitest';
import { advance, nextSettledWeek, RECENT_TO_OLDER, rollingSlice, START_CURSORS } from '../../../src/engine/incremental/reverify.ts';
import { fullRecomputeReason } from '../../../src/engine/incremental/trust.ts';

const HOUR = 3_600_000;

describe('re-verification slices', () => {
  it('re-reads every bucket of the last 7 days once per period, and the rest of the 28 days once per 4 periods', () => {
    const grid = { sizeMs: HOUR };
    let cursors = START_CURSORS;
    const seenRecent = new Map<number, number>();
    const seenOlder = new Map<number, number>();
    const nowMs = Date.parse('2026-11-25T10:00:00Z'); // the span does not move in this test: counts are per bucket
    const span = { coveredFrom: nowMs / HOUR - 28 * 24 - 100, coveredTo: nowMs / HOUR, detailFrom: nowMs / HOUR - 28 * 24, weeks: [] };
    const recentFrom = nowMs / HOUR - 7 * 24;
    // 60 refreshes one minute apart, reverifying every 15 minutes: 4 periods of the recent tier, 1 of the older one
    for (let refresh = 0; refresh < 60; refresh += 1) {
      const step = advance({ cursors, elapsedMs: 60_000, reverifyMs: 15 * 60_000 });
      for (const bucket of rollingSlice(grid, span, nowMs, step.recent, step.older)) {
        const seen = bucket >= recentFrom ? seenRecent : seenOlder;
        seen.set(bucket, (seen.get(bucket) ?? 0) + 1);
      }
      cursors = step.next;
    }
    expect(seenRecent.size).toBe(7 * 24);
    expect([...seenRecent.values()].every((count) => count === RECENT_TO_OLDER)).toBe(true);
    expect(seenOlder.size).toBe(21 * 24);
    expect([...seenOlder.values()].every((count) => count === 1)).toBe(true);
  });

  it('re-reads the whole span after a gap longer than the period', () => {
    const step = advance({ cursors: START_CURSORS, elapsedMs: 5 * 3_600_000, reverifyMs: 15 * 60_000 });
    const span = { coveredFrom: 0, coveredTo: 28 * 24, detailFrom: 0, weeks: [] };
    expect(rollingSlice({ sizeMs: HOUR }, span, 28 * 24 * HOUR, step.recent, step.older)).toHaveLength(28 * 24);
  });

  it('takes settled location-weeks in turn, wrapping round', () => {
    const week = (location: string, day: number) => ({ location, startMs: day * 86_400_000, endMs: (day + 7) * 86_400_000, label: String(day) });
    const candidates = [week('b', 0), week('a', 7), week('a', 0)];
    const order = ['a', 'b'];
    const first = nextSettledWeek(candidates, undefined, order);
    expect(first).toEqual(week('a', 0));
    const second = nextSettledWeek(candidates, { location: 'a', weekStartMs: 0 }, order);
    expect(second).toEqual(week('a', 7));
    expect(nextSettledWeek(candidates, { location: 'a', weekStartMs: 7 * 86_400_000 }, order)).toEqual(week('b', 0));
    expect(nextSettledWeek(candidates, { location: 'b', weekStartMs: 0 }, order)).toEqual(week('a', 0));
    expect(nextSettledWeek([], undefined, order)).toBeUndefined();
  });
});

describe('when the partials start over', () => {
  const server = { startedAt: '2026-11-01 00:00:00+00', xmax: 1000n };
  const previous = { nowMs: 1_000_000, settingsKey: 'k', server };
  const base = { previous, nowMs: 1_060_000, settingsKey: 'k', server, maxGapMs: 28 * 86_400_000 };

  it('names the reason, or none when the partials can be brought up to date', () => {
    expect(fullRecomputeReason(base)).toBeUndefined();
    expect(fullRecomputeReason({ ...base, previous: undefined })).toBe('start');
    expect(fullRecomputeReason({ ...base, settingsKey: 'other' })).toBe('settings_changed');
    expect(fullRecomputeReason({ ...base, nowMs: 999_999 })).toBe('clock_back');
    expect(fullRecomputeReason({ ...base, nowMs: 1_000_000 + 29 * 86_400_000 })).toBe('long_gap');
    expect(fullRecomputeReason({ ...base, server: { ...server, startedAt: '2026-11-02 00:00:00+00' } })).toBe('database_restarted');
    expect(fullRecomputeReason({ ...base, server: { ...server, xmax: 999n } })).toBe('database_restored');
    expect(fullRecomputeReason({ ...base, server: { ...server, xmax: 5000n } })).toBeUndefined();
  });
});
