import { describe, expect, it } from 'vitest';

import { isValidTimeZone, nextMonth, nextWeek, startOfMonth, startOfWeek } from './calendar';

const LONDON = 'Europe/London';
const iso = (t: number) => new Date(t).toISOString();

describe('calendar weeks and months in Europe/London', () => {
  it('starts a BST week at Sunday 23:00 UTC (Monday 00:00 BST)', () => {
    // Thu 22 Oct 2026 10:00 UTC is in the week of Monday 19 Oct; London is UTC+1 until 25 Oct.
    expect(iso(startOfWeek(Date.parse('2026-10-22T10:00:00Z'), LONDON))).toBe('2026-10-18T23:00:00.000Z');
  });

  it('makes the week that contains the clock change 169 hours long', () => {
    // Clocks go back at 02:00 BST on Sun 25 Oct 2026, so Monday 26 Oct 00:00 GMT = 00:00 UTC.
    const start = Date.parse('2026-10-18T23:00:00Z');
    const end = nextWeek(start, LONDON);
    expect(iso(end)).toBe('2026-10-26T00:00:00.000Z');
    expect((end - start) / 3_600_000).toBe(169);
  });

  it('puts Monday 00:30 BST into the new week although it is still Sunday in UTC', () => {
    expect(iso(startOfWeek(Date.parse('2026-10-18T23:30:00Z'), LONDON))).toBe('2026-10-18T23:00:00.000Z');
    expect(iso(startOfWeek(Date.parse('2026-10-18T22:30:00Z'), LONDON))).toBe('2026-10-11T23:00:00.000Z');
  });

  it('cuts months at local midnight on both sides of the change', () => {
    // 1 Oct 00:00 BST = 30 Sep 23:00 UTC; 1 Nov 00:00 GMT = 1 Nov 00:00 UTC.
    expect(iso(startOfMonth(Date.parse('2026-10-15T12:00:00Z'), LONDON))).toBe('2026-09-30T23:00:00.000Z');
    expect(iso(nextMonth(Date.parse('2026-10-15T12:00:00Z'), LONDON))).toBe('2026-11-01T00:00:00.000Z');
    // 30 Sep 23:30 UTC is already 1 Oct 00:30 in London.
    expect(iso(startOfMonth(Date.parse('2026-09-30T23:30:00Z'), LONDON))).toBe('2026-09-30T23:00:00.000Z');
  });

  it('rejects a time zone Intl does not know', () => {
    expect(isValidTimeZone('Europe/London')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
