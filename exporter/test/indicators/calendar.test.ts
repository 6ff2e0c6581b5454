import { describe, expect, it } from 'vitest';
import { completeWeeksSince, isValidTimezone, localDate, mondayOnOrAfter, startOfLocalDay } from '../../src/engine/domain-time.ts';

describe('calendar weeks in the location timezone', () => {
  it('local midnight in London is 00:00Z in winter and 23:00Z the day before in summer', () => {
    expect(startOfLocalDay('2026-03-23', 'Europe/London').toISOString()).toBe('2026-03-23T00:00:00.000Z');
    expect(startOfLocalDay('2026-03-30', 'Europe/London').toISOString()).toBe('2026-03-29T23:00:00.000Z');
    expect(startOfLocalDay('2026-03-30', 'Australia/Sydney').toISOString()).toBe('2026-03-29T13:00:00.000Z'); // AEDT +11
  });

  it('the week of the spring change (Mon 23 Mar 2026) lasts 167 hours, of the autumn change 169', () => {
    const now = new Date('2026-11-30T12:00:00Z');
    const weeks = completeWeeksSince('2026-03-23', 'Europe/London', now);
    const spring = weeks.find((week) => week.monday === '2026-03-23');
    const autumn = weeks.find((week) => week.monday === '2026-10-19');
    expect(spring && (spring.ends.getTime() - spring.starts.getTime()) / 3_600_000).toBe(167);
    expect(autumn && (autumn.ends.getTime() - autumn.starts.getTime()) / 3_600_000).toBe(169);
  });

  it('takes complete weeks from the first Monday on or after go-live to the last Monday before now', () => {
    // go-live Wed 2026-01-07: first full week starts Mon 12 Jan. now Wed 4 Feb: last complete week 26 Jan - 2 Feb.
    const weeks = completeWeeksSince('2026-01-07', 'Europe/London', new Date('2026-02-04T10:00:00Z'));
    expect(weeks.map((week) => week.monday)).toEqual(['2026-01-12', '2026-01-19', '2026-01-26']);
    // a go-live on a Monday starts its own first week; now exactly at Monday 00:00 completes the week before
    const exact = completeWeeksSince('2026-01-05', 'Europe/London', new Date('2026-01-19T00:00:00Z'));
    expect(exact.map((week) => week.monday)).toEqual(['2026-01-05', '2026-01-12']);
    expect(completeWeeksSince('2026-01-05', 'Europe/London', new Date('2026-01-11T23:59:59Z'))).toEqual([]);
  });

  it('local dates and Mondays', () => {
    expect(localDate(new Date('2026-06-30T23:30:00Z'), 'Europe/London')).toBe('2026-07-01');
    expect(mondayOnOrAfter('2026-03-29')).toBe('2026-03-30');
    expect(mondayOnOrAfter('2026-03-30')).toBe('2026-03-30');
    expect(isValidTimezone('Europe/London')).toBe(true);
    expect(isValidTimezone('Mars/Olympus_Mons')).toBe(false);
  });
});
