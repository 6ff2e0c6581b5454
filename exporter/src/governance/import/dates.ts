/**
 * Dates as care providers export them from spreadsheets and form tools: UK
 * `25/11/2026` and `25/11/2026 14:05[:30]` (day first, always: 03/04/2026 is 3 April),
 * and ISO `2026-11-25`, `2026-11-25 14:05`, `2026-11-25T14:05:00Z`, `...+01:00`.
 * A time without an offset is UK local time (Europe/London, so BST in summer).
 */
export type ParsedDate = { ok: true; value: Date } | { ok: false; reason: string };

const UK = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const FORMATS = 'expected DD/MM/YYYY, DD/MM/YYYY HH:MM or ISO 8601 (YYYY-MM-DD[THH:MM[:SS][Z|±HH:MM]])';

export function parseDateTime(raw: string): ParsedDate {
  const uk = UK.exec(raw);
  if (uk) return fromParts(raw, Number(uk[3]), Number(uk[2]), Number(uk[1]), uk[4], uk[5], uk[6], undefined);
  const iso = ISO.exec(raw);
  if (iso) return fromParts(raw, Number(iso[1]), Number(iso[2]), Number(iso[3]), iso[4], iso[5], iso[6], iso[7]);
  if (/^\d{1,2}\/\d{1,2}\/\d{2}(\s|$)/.test(raw)) return { ok: false, reason: `"${raw}" has a two-digit year; ${FORMATS}` };
  return { ok: false, reason: `"${raw}" is not a date; ${FORMATS}` };
}

function fromParts(
  raw: string,
  year: number,
  month: number,
  day: number,
  hourText: string | undefined,
  minuteText: string | undefined,
  secondText: string | undefined,
  offsetText: string | undefined,
): ParsedDate {
  const hour = hourText === undefined ? 0 : Number(hourText);
  const minute = minuteText === undefined ? 0 : Number(minuteText);
  const second = secondText === undefined ? 0 : Number(secondText);
  if (month < 1 || month > 12) return { ok: false, reason: `"${raw}" has month ${month} (dates are read day first, DD/MM/YYYY)` };
  if (day < 1 || day > daysInMonth(year, month)) return { ok: false, reason: `"${raw}" is not a calendar date (day ${day} of month ${month})` };
  if (hour > 23 || minute > 59 || second > 59) return { ok: false, reason: `"${raw}" has an invalid time of day` };
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  if (offsetText !== undefined) {
    if (offsetText === 'Z') return { ok: true, value: new Date(wall) };
    const sign = offsetText.startsWith('-') ? -1 : 1;
    const digits = offsetText.slice(1).replace(':', '');
    const offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
    return { ok: true, value: new Date(wall - offsetMinutes * 60_000) };
  }
  return londonWallTime(raw, wall);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Converts a Europe/London wall-clock time to an instant. London is UTC+0 or
 * UTC+1, so the instant is one of two candidates; a candidate is right when
 * London's offset at that instant is the one assumed. In the October fall-back
 * hour both are right and the first occurrence (BST) is taken; in the March
 * spring-forward hour neither is, and the time does not exist.
 */
function londonWallTime(raw: string, wall: number): ParsedDate {
  for (const offsetMinutes of [60, 0]) {
    const instant = wall - offsetMinutes * 60_000;
    if (londonOffsetMinutes(instant) === offsetMinutes) return { ok: true, value: new Date(instant) };
  }
  return { ok: false, reason: `"${raw}" does not exist in UK local time (the clocks go forward that hour)` };
}

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
});
// London's offset only changes on the hour; a 50 MB import repeats the same hours a lot.
const offsetCache = new Map<number, number>();

export function londonOffsetMinutes(instant: number): number {
  const hourKey = Math.floor(instant / 3_600_000);
  const cached = offsetCache.get(hourKey);
  if (cached !== undefined) return cached;
  const parts: Record<string, number> = {};
  for (const part of londonParts.formatToParts(new Date(hourKey * 3_600_000))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0);
  const offset = Math.round((asUtc - hourKey * 3_600_000) / 60_000);
  if (offsetCache.size > 100_000) offsetCache.clear();
  offsetCache.set(hourKey, offset);
  return offset;
}
