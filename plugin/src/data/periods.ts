import type { PeriodMode } from '../types';
import { localDate, nextMonth, nextWeek, startOfMonth, startOfWeek } from './calendar';

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
        for (let start = run.start; start < run.end; ) {
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
    for (let start = startOfWeek(from, timeZone); start < to; ) {
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
    for (let start = startOfMonth(from, timeZone); start < to; ) {
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
