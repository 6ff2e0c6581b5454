/**
 * Calendar arithmetic in a location's timezone, done with Intl so no timezone
 * database has to ship with the exporter. Dates are 'YYYY-MM-DD' strings of the
 * local calendar; instants are JS Dates (UTC).
 */

const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let found = formatters.get(timezone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-GB', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timezone, found);
  }
  return found;
}

/** True when Intl knows the IANA timezone name (adapter rows may carry anything). */
export function isValidTimezone(timezone: string): boolean {
  try {
    formatter(timezone);
    return true;
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
}

/** Local wall-clock fields of an instant, as if they were UTC (for offset arithmetic). */
function wallClockAsUtc(instant: Date, timezone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatter(timezone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
}

/**
 * The instant at which the local date begins (00:00 local, or the first existing
 * local time when a zone skips midnight). Two passes settle the offset across a
 * DST change.
 */
export function startOfLocalDay(date: string, timezone: string): Date {
  // Pure in (date, timezone) and asked for the same weeks by every indicator on every
  // refresh; Intl's formatToParts is slow enough that recomputing blocked the event
  // loop (and so /metrics) for tens of milliseconds per refresh.
  const key = `${date}\u0000${timezone}`;
  const known = dayStarts.get(key);
  if (known !== undefined) return new Date(known);
  if (dayStarts.size >= DAY_START_CACHE_LIMIT) dayStarts.clear();
  const start = computeStartOfLocalDay(date, timezone);
  dayStarts.set(key, start.getTime());
  return start;
}

const DAY_START_CACHE_LIMIT = 50_000;
const dayStarts = new Map<string, number>();

function computeStartOfLocalDay(date: string, timezone: string): Date {
  const wall = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(wall)) throw new RangeError(`invalid date ${date}`);
  let guess = wall;
  for (let pass = 0; pass < 2; pass += 1) {
    const offset = wallClockAsUtc(new Date(guess), timezone) - guess;
    guess = wall - offset;
  }
  // Where midnight does not exist the guess can land on the previous day; step forward.
  if (localDate(new Date(guess), timezone) < date) guess += 3_600_000;
  return new Date(guess);
}

/** The local calendar date of an instant. */
export function localDate(instant: Date, timezone: string): string {
  return new Date(wallClockAsUtc(instant, timezone)).toISOString().slice(0, 10);
}

/** date + days on the calendar (no timezone involved). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole calendar days from a to b (b - a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** ISO weekday of a calendar date: Monday 1 .. Sunday 7. */
function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The first Monday on or after the date. */
export function mondayOnOrAfter(date: string): string {
  return addDays(date, (8 - isoWeekday(date)) % 7);
}

/** The Monday on or before the date. */
export function mondayOnOrBefore(date: string): string {
  return addDays(date, -(isoWeekday(date) - 1));
}

export interface CalendarWeek {
  /** Local date of the Monday the week starts (also its label). */
  monday: string;
  starts: Date;
  ends: Date;
}

/**
 * Complete calendar weeks (Monday 00:00 to the next Monday 00:00, local time) that
 * start on or after go-live and have ended by `now`, oldest first. The partial week
 * containing go-live is left out: it would judge a location on a few days.
 * A week with a clock change is 167 or 169 hours long.
 */
export function completeWeeksSince(goLiveDate: string, timezone: string, now: Date): CalendarWeek[] {
  const weeks: CalendarWeek[] = [];
  const lastMonday = mondayOnOrBefore(localDate(now, timezone));
  for (let monday = mondayOnOrAfter(goLiveDate); monday < lastMonday; monday = addDays(monday, 7)) {
    const ends = startOfLocalDay(addDays(monday, 7), timezone);
    if (ends.getTime() > now.getTime()) break;
    weeks.push({ monday, starts: startOfLocalDay(monday, timezone), ends });
  }
  return weeks;
}
