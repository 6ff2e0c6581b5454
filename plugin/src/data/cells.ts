import { windowOfPhase } from '../../../exporter/src/shared/windows';
import type { Direction, WindowMode } from '../types';
import type { Cell, PeriodValue } from './model';
import type { Phase, PeriodSlot } from './periods';
import { bandFromFieldThresholds, ragFromStatus, ragOf, ragSeverity, shortfall, type Band } from './rag';
import { earliest, lastIn, latest as latestOf, valueAt, type Series } from './series';
import { seriesKey, type SeriesIndex } from './seriesIndex';

export interface CellRequest {
  index: SeriesIndex;
  indicator: string;
  title: string;
  direction: Direction;
  location: string;
  phase: Phase | undefined;
  slots: PeriodSlot[];
  windowMode: WindowMode;
}

const WINDOW_OF_PERIOD: Record<PeriodSlot['kind'], string> = { week: '7d', month: '28d' };

/** The series for a window, else the other window, else one without a window label. */
function pick(map: Map<string, Series>, indicator: string, location: string, window: string): Series | undefined {
  return (
    map.get(seriesKey(indicator, location, window)) ??
    map.get(seriesKey(indicator, location, window === '7d' ? '28d' : '7d')) ??
    map.get(seriesKey(indicator, location, ''))
  );
}

export function buildCell(request: CellRequest): Cell {
  const { index, indicator, location, direction } = request;
  const window = request.windowMode === 'auto' ? windowOfPhase(request.phase ?? 'weekly') : request.windowMode;
  const ratio = pick(index.ratio, indicator, location, window);
  const latest = ratio ? latestOf(ratio) : undefined;
  const suppressedSeries = pick(index.suppressed, indicator, location, window);
  const lastSuppressed = suppressedSeries ? latestOf(suppressedSeries) : undefined;
  const suppressed =
    lastSuppressed !== undefined && lastSuppressed.v === 1 && (!latest || lastSuppressed.t >= latest.t);

  const fallback = bandFromFieldThresholds(index.fieldThresholds.get(indicator), direction);
  const target = index.threshold.get(seriesKey(indicator, location, 'target'));
  const critical = index.threshold.get(seriesKey(indicator, location, 'critical'));
  const hasBandSeries = target !== undefined || critical !== undefined;
  const bandIn = (start: number, end: number): Band => {
    if (!hasBandSeries) {
      return fallback;
    }
    const at = (series: Series | undefined) =>
      series ? (lastIn(series, start, end) ?? valueAt(series, end - 1) ?? earliest(series))?.v : undefined;
    return withoutUndefined({ target: at(target), critical: at(critical) });
  };

  const periods = request.slots.map((slot): PeriodValue => {
    const series = pick(index.ratio, indicator, location, WINDOW_OF_PERIOD[slot.kind]);
    const value = series ? (lastIn(series, slot.start, slot.end)?.v ?? null) : null;
    const band = bandIn(slot.start, slot.end);
    return { ...slot, value, band, rag: ragOf(value, band, direction) };
  });

  const value = suppressed || !latest ? null : latest.v;
  const band = latest ? bandIn(latest.t, latest.t + 1) : bandIn(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
  const status = pick(index.status, indicator, location, window);
  const statusPoint = latest && status ? valueAt(status, latest.t) : undefined;
  const rag = value === null ? 'unknown' : statusPoint ? ragFromStatus(statusPoint.v) : ragOf(value, band, direction);

  const change = changeSincePrevious(periods, value, latest?.t);
  const state = suppressed ? 'suppressed' : value === null ? 'no_data' : 'value';
  return {
    indicator,
    title: request.title,
    location,
    direction,
    state,
    value,
    rag,
    band,
    window: ratio?.labels.window,
    change,
    changeIsBetter: change === null || change === 0 ? null : direction === 'lower_is_better' ? change < 0 : change > 0,
    periods,
    periodsOnTarget: periodsOnTarget(periods),
    severity: ragSeverity(rag, state === 'value'),
    shortfall: shortfall(value, band, direction),
  };
}

/** Change from the period before the one holding the latest sample. */
function changeSincePrevious(periods: PeriodValue[], value: number | null, latestT: number | undefined): number | null {
  if (value === null || latestT === undefined) {
    return null;
  }
  const current = periods.findIndex((period) => period.start <= latestT && latestT < period.end);
  const previous = current > 0 ? periods[current - 1] : undefined;
  return previous && previous.value !== null ? value - previous.value : null;
}

function periodsOnTarget(periods: PeriodValue[]): number {
  const complete = periods.filter((period) => period.complete);
  let count = 0;
  for (let i = complete.length - 1; i >= 0 && complete[i]?.rag === 'green'; i--) {
    count++;
  }
  return count;
}

function withoutUndefined(band: { target: number | undefined; critical: number | undefined }): Band {
  const out: Band = {};
  if (band.target !== undefined) {
    out.target = band.target;
  }
  if (band.critical !== undefined) {
    out.critical = band.critical;
  }
  return out;
}
