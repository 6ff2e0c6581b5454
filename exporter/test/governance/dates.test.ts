import { describe, expect, it } from 'vitest';
import { parseDateTime } from '../../src/governance/import/dates.ts';

const iso = (raw: string): string => {
  const parsed = parseDateTime(raw);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value.toISOString();
};
const reason = (raw: string): string => {
  const parsed = parseDateTime(raw);
  return parsed.ok ? `parsed as ${parsed.value.toISOString()}` : parsed.reason;
};

describe('parseDateTime (UK and ISO, Europe/London)', () => {
  it('reads UK dates day first, in UK local time', () => {
    expect(iso('25/11/2026')).toBe('2026-11-25T00:00:00.000Z'); // GMT = UTC
    expect(iso('1/7/2026 9:05')).toBe('2026-07-01T08:05:00.000Z'); // BST = UTC+1
    expect(iso('03/04/2026')).toBe('2026-04-02T23:00:00.000Z'); // 3 April 00:00 BST
    expect(iso('29/02/2028 23:59:59')).toBe('2028-02-29T23:59:59.000Z'); // leap day
  });

  it('reads ISO dates: local without an offset, the instant with one', () => {
    expect(iso('2026-07-01')).toBe('2026-06-30T23:00:00.000Z');
    expect(iso('2026-07-01 14:05')).toBe('2026-07-01T13:05:00.000Z');
    expect(iso('2026-07-01T14:05:00Z')).toBe('2026-07-01T14:05:00.000Z');
    expect(iso('2026-07-01T14:05:00.250+02:00')).toBe('2026-07-01T12:05:00.000Z');
    expect(iso('2026-01-10T08:00-0500')).toBe('2026-01-10T13:00:00.000Z');
  });

  it('handles both clock changes of 2026 (29 March forward, 25 October back)', () => {
    expect(iso('29/03/2026 00:59')).toBe('2026-03-29T00:59:00.000Z'); // still GMT
    expect(reason('29/03/2026 01:30')).toContain('does not exist in UK local time');
    expect(iso('29/03/2026 02:00')).toBe('2026-03-29T01:00:00.000Z'); // BST
    expect(iso('25/10/2026 00:59')).toBe('2026-10-24T23:59:00.000Z'); // BST
    expect(iso('25/10/2026 01:30')).toBe('2026-10-25T00:30:00.000Z'); // first 01:30 (BST)
    expect(iso('25/10/2026 02:00')).toBe('2026-10-25T02:00:00.000Z'); // GMT
  });

  it('rejects what is not a date, saying why', () => {
    expect(reason('12/31/2026')).toContain('has month 31 (dates are read day first');
    expect(reason('29/02/2026')).toContain('is not a calendar date');
    expect(reason('25/11/26')).toContain('two-digit year');
    expect(reason('25/11/2026 24:00')).toContain('invalid time of day');
    expect(reason('2026-13-01')).toContain('has month 13');
    expect(reason('next Tuesday')).toContain('is not a date');
  });
});
