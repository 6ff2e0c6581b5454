/**
 * Calendar weeks (Monday start) and months in an IANA time zone, using only Intl so the
 * bundle carries no time zone database. Boundaries are local midnights, so a week that
 * spans a BST/GMT change is 167 or 169 hours long.
 */

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    partsFormatter(timeZone);
    return true;
  } catch (error) {
    if (error instanceof RangeError) {
      return false;
    }
    throw error;
  }
}

interface LocalDate {
  year: number;
  /** 1..12 */
  month: number;
  day: number;
}

function localParts(t: number, timeZone: string): LocalDate & { hour: number; minute: number; second: number } {
  const parts: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(new Date(t))) {
    if (part.type !== 'literal') {
      parts[part.type] = Number(part.value);
    }
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Milliseconds the zone is ahead of UTC at instant t (London: 0 in winter, 3 600 000 in summer). */
function offsetAt(t: number, timeZone: string): number {
  const p = localParts(t, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(t / 1000) * 1000;
}

/** The instant of local midnight starting the given local date (Date.UTC normalises overflowing days/months). */
export function localMidnight(date: LocalDate, timeZone: string): number {
  const guess = Date.UTC(date.year, date.month - 1, date.day);
  const first = guess - offsetAt(guess, timeZone);
  const second = guess - offsetAt(first, timeZone);
  return second;
}

export function localDate(t: number, timeZone: string): LocalDate {
  const { year, month, day } = localParts(t, timeZone);
  return { year, month, day };
}

/** Local midnight of the Monday on or before t. */
export function startOfWeek(t: number, timeZone: string): number {
  const date = localDate(t, timeZone);
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay(); // 0 = Sunday
  const sinceMonday = (weekday + 6) % 7;
  return localMidnight({ ...date, day: date.day - sinceMonday }, timeZone);
}

export function nextWeek(weekStart: number, timeZone: string): number {
  // Step past the week in UTC days (a DST week is 167-169 h), then snap to the local midnight.
  return startOfWeek(weekStart + 7 * DAY_MS + 12 * 3_600_000, timeZone);
}

export function startOfMonth(t: number, timeZone: string): number {
  const date = localDate(t, timeZone);
  return localMidnight({ year: date.year, month: date.month, day: 1 }, timeZone);
}

export function nextMonth(t: number, timeZone: string): number {
  const date = localDate(t, timeZone);
  return localMidnight({ year: date.year, month: date.month + 1, day: 1 }, timeZone);
}
