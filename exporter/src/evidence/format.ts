/**
 * How numbers and dates read in the evidence pack: percentages as the panel writes
 * them ("58%"), UK dates ("21 Oct 2026") in the location's timezone.
 */
import { localDate } from '../engine/domain-time.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** 0.583 -> "58%" (the panel's formatPercent with no decimals). */
export const percent = (ratio: number): string => `${(ratio * 100).toFixed(0)}%`;

/** '2026-10-21' -> "21 Oct 2026". */
export function dayLabel(date: string): string {
  const [year, month, day] = date.split('-');
  return `${Number(day)} ${MONTHS[Number(month) - 1] ?? ''} ${year}`;
}

/** An instant as its local date: "21 Oct 2026". */
export const dateIn = (instant: Date, timezone: string): string => dayLabel(localDate(instant, timezone));

/** An instant as local date and time: "21 Oct 2026 14:05". */
export function dateTimeIn(instant: Date, timezone: string): string {
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);
  return `${dateIn(instant, timezone)} ${time}`;
}

/** '2026-10' -> "October 2026". */
export function monthLabel(month: string): string {
  const [year, number] = month.split('-');
  return `${MONTH_NAMES[Number(number) - 1] ?? ''} ${year}`;
}

/** A duration in words: under two days in hours, else in days (rounded). */
export function duration(ms: number): string {
  const hours = ms / 3_600_000;
  if (hours < 48) {
    const whole = Math.max(0, Math.round(hours));
    return `${whole} hour${whole === 1 ? '' : 's'}`;
  }
  const days = Math.round(hours / 24);
  return `${days} days`;
}

export const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;

/** snake_case log values in words: "refresher_training" -> "refresher training". */
export const words = (value: string): string => value.replace(/_/g, ' ');

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A review period in full: "w/c 6 Oct 2026" or "October 2026". */
export function periodName(period: { kind: 'week' | 'month'; start: Date }, timezone: string): string {
  const date = localDate(period.start, timezone);
  return period.kind === 'week' ? `w/c ${dayLabel(date)}` : monthLabel(date.slice(0, 7));
}
