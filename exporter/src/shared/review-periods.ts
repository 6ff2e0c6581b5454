/**
 * The review periods of the governance trend, shared by the Grafana panel
 * (plugin/src/data/periods.ts re-exports it) and the evidence pack
 * (exporter/src/evidence), so a chart in the pack has the same points as the panel.
 *
 * It must stay free of imports: the panel's bundler and the exporter's compiler
 * both compile this one file, and they resolve imports differently.
 *
 * Calendar weeks (Monday start) and months in an IANA time zone, using only Intl so the
 * bundle carries no time zone database. Boundaries are local midnights, so a week that
 * spans a BST/GMT change is 167 or 169 hours long.
 *
 * The rule: while a location is in the `weekly` phase its review period is the calendar
 * week; a run of `monthly` weeks is cut at calendar month boundaries (its first and last
 * month can be partial), so the period steps back to weeks exactly where the phase does.
 */

/**
 * How review periods are cut: `auto` follows each location's governance phase
 * (calendar weeks while `weekly`, calendar months once `monthly`); the others force one.
 * (The panel's options type `PeriodMode` in plugin/src/types.ts is the same union.)
 */
export type PeriodMode = 'auto' | 'weekly' | 'monthly';

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

export type Phase = 'weekly' | 'monthly';

/** A moment at which `ecm_adoption_governance_phase{phase}` was 1. */
export interface PhaseSample {
  t: number;
  phase: Phase;
}

/** A review period: a calendar week or (part of) a calendar month, in local time. */
export interface PeriodSlot {
  start: number;
  end: number;
  kind: 'week' | 'month';
  /** Phase the location was in during the period (sampled mid-week / mid-period). */
  phase: Phase;
  label: string;
  /** The period has ended by `now`. */
  complete: boolean;
  /** The phase differs from the previous period's: the band steps here. */
  phaseChanged: boolean;
}

export interface PeriodRequest {
  from: number;
  to: number;
  now: number;
  timeZone: string;
  mode: PeriodMode;
  /** Sorted by time; empty when the query returned no phase series (then weekly is assumed). */
  phases: PhaseSample[];
}

/**
 * Phase in force at t. Sampling the middle of a week instead of its first instant keeps a flip
 * that the exporter published a few minutes after Monday midnight in the week it belongs to.
 */
export function phaseAt(phases: PhaseSample[], t: number): Phase {
  // Binary search: the latest sample at or before t, else the earliest one.
  let lo = 0;
  let hi = phases.length - 1;
  let found = phases[0]?.phase ?? 'weekly';
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const sample = phases[mid];
    if (sample && sample.t <= t) {
      found = sample.phase;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

export function buildPeriods(request: PeriodRequest): PeriodSlot[] {
  const { from, to, timeZone } = request;
  if (!(to > from)) {
    return [];
  }
  const slots: Array<Omit<PeriodSlot, 'phaseChanged' | 'complete' | 'label'>> = [];
  if (request.mode === 'monthly') {
    for (const month of monthGrid(from, to, timeZone)) {
      slots.push({ ...month, kind: 'month', phase: phaseAt(request.phases, (month.start + month.end) / 2) });
    }
  } else {
    const weeks = weekGrid(from, to, timeZone).map((week) => ({
      ...week,
      phase: phaseAt(request.phases, (week.start + week.end) / 2),
    }));
    for (const run of runsOfPhase(weeks)) {
      if (request.mode === 'auto' && run.phase === 'monthly') {
        // A monthly run is cut at calendar month boundaries; its first and last month can be partial.
        for (let start = run.start; start < run.end;) {
          const end = Math.min(nextMonth(start, timeZone), run.end);
          slots.push({ start, end, kind: 'month', phase: 'monthly' });
          start = end;
        }
      } else {
        slots.push(...run.weeks.map((week) => ({ ...week, kind: 'week' as const })));
      }
    }
  }
  return slots.map((slot, index) => ({
    ...slot,
    label: cachedLabel(slot.kind, slot.start, timeZone),
    complete: slot.end <= request.now,
    phaseChanged: index > 0 && slots[index - 1]?.phase !== slot.phase,
  }));
}

interface WeekSlot {
  start: number;
  end: number;
  phase: Phase;
}

function runsOfPhase(weeks: WeekSlot[]): Array<{ phase: Phase; start: number; end: number; weeks: WeekSlot[] }> {
  const runs: Array<{ phase: Phase; start: number; end: number; weeks: WeekSlot[] }> = [];
  for (const week of weeks) {
    const last = runs[runs.length - 1];
    if (last && last.phase === week.phase) {
      last.end = week.end;
      last.weeks.push(week);
    } else {
      runs.push({ phase: week.phase, start: week.start, end: week.end, weeks: [week] });
    }
  }
  return runs;
}

// Fixed English month names: ICU data differ between Node and browsers ("Sep" vs "Sept").
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function periodLabel(kind: 'week' | 'month', start: number, timeZone: string): string {
  const { year, month, day } = localDate(start, timeZone);
  const monthName = MONTHS[month - 1] ?? '';
  return kind === 'week' ? `w/c ${day} ${monthName}` : `${monthName} ${year}`;
}

interface Span {
  start: number;
  end: number;
}

// Every location of a dashboard shares one calendar: cut it once per (range, zone). Intl
// formatting is the costly part of the model (tens of microseconds a call).
const gridCache = new Map<string, Span[]>();
const labelCache = new Map<string, string>();

function cached(key: string, make: () => Span[]): Span[] {
  let grid = gridCache.get(key);
  if (!grid) {
    if (gridCache.size > 16) {
      gridCache.clear();
    }
    grid = make();
    gridCache.set(key, grid);
  }
  return grid;
}

function weekGrid(from: number, to: number, timeZone: string): Span[] {
  return cached(`w|${from}|${to}|${timeZone}`, () => {
    const weeks: Span[] = [];
    for (let start = startOfWeek(from, timeZone); start < to;) {
      const end = nextWeek(start, timeZone);
      weeks.push({ start, end });
      start = end;
    }
    return weeks;
  });
}

function monthGrid(from: number, to: number, timeZone: string): Span[] {
  return cached(`m|${from}|${to}|${timeZone}`, () => {
    const months: Span[] = [];
    for (let start = startOfMonth(from, timeZone); start < to;) {
      const end = nextMonth(start, timeZone);
      months.push({ start, end });
      start = end;
    }
    return months;
  });
}

function cachedLabel(kind: 'week' | 'month', start: number, timeZone: string): string {
  const key = `${kind}|${start}|${timeZone}`;
  let label = labelCache.get(key);
  if (label === undefined) {
    if (labelCache.size > 5000) {
      labelCache.clear();
    }
    label = periodLabel(kind, start, timeZone);
    labelCache.set(key, label);
  }
  return label;
}
