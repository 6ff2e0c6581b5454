import type { ThresholdsConfig } from '@grafana/data';

import type { Direction } from '../types';
import type { MetricKind } from './metrics';
import type { PhaseSample } from './periods';
import { eachSample, mergeSeries, type Series } from './series';

/** The returned series, looked up by their contract labels. */
export interface SeriesIndex {
  /** key(indicator, location, window) */
  ratio: Map<string, Series>;
  status: Map<string, Series>;
  suppressed: Map<string, Series>;
  /** key(indicator, location, level) */
  threshold: Map<string, Series>;
  info: Map<string, { title?: string; direction?: Direction }>;
  /** Per location, sorted by time. */
  phases: Map<string, PhaseSample[]>;
  fieldThresholds: Map<string, ThresholdsConfig>;
  indicators: Set<string>;
  locations: Set<string>;
  kinds: Set<MetricKind>;
  unrecognised: number;
  /** First and last sample time over all series. */
  span: { from: number; to: number } | undefined;
}

export function seriesKey(indicator: string, location: string, third: string): string {
  return `${indicator}\u0000${location}\u0000${third}`;
}

export function indexSeries(all: Series[]): SeriesIndex {
  const index: SeriesIndex = {
    ratio: new Map(),
    status: new Map(),
    suppressed: new Map(),
    threshold: new Map(),
    info: new Map(),
    phases: new Map(),
    fieldThresholds: new Map(),
    indicators: new Set(),
    locations: new Set(),
    kinds: new Set(),
    unrecognised: 0,
    span: undefined,
  };
  for (const series of all) {
    if (!series.kind) {
      index.unrecognised++;
      continue;
    }
    index.kinds.add(series.kind);
    widenSpan(index, series);
    const { indicator, location } = series.labels;
    switch (series.kind) {
      case 'ratio':
      case 'status':
      case 'suppressed':
        if (indicator !== undefined && location !== undefined) {
          addTo(index[series.kind], seriesKey(indicator, location, series.labels.window ?? ''), series);
          index.indicators.add(indicator);
          index.locations.add(location);
          if (series.kind === 'ratio' && series.thresholds && !index.fieldThresholds.has(indicator)) {
            index.fieldThresholds.set(indicator, series.thresholds);
          }
        }
        break;
      case 'threshold':
        if (indicator !== undefined && location !== undefined && series.labels.level !== undefined) {
          addTo(index.threshold, seriesKey(indicator, location, series.labels.level), series);
        }
        break;
      case 'info':
        if (indicator !== undefined) {
          const direction = series.labels.direction;
          index.info.set(indicator, {
            title: series.labels.title,
            direction: direction === 'lower_is_better' || direction === 'higher_is_better' ? direction : undefined,
          });
        }
        break;
      case 'phase':
        addPhase(index, series);
        break;
    }
  }
  for (const samples of index.phases.values()) {
    samples.sort((a, b) => a.t - b.t);
  }
  return index;
}

/**
 * The dashboards ask for the same series twice, the current value by an instant query and one
 * point per week by a range query: both land in one series, samples in time order.
 */
function addTo(map: Map<string, Series>, key: string, series: Series): void {
  const known = map.get(key);
  map.set(key, known ? mergeSeries(known, series) : series);
}

function addPhase(index: SeriesIndex, series: Series): void {
  const { location, phase } = series.labels;
  if (location === undefined || (phase !== 'weekly' && phase !== 'monthly')) {
    return;
  }
  index.locations.add(location);
  const samples = index.phases.get(location) ?? [];
  eachSample(series, (point) => {
    if (point.v === 1) {
      samples.push({ t: point.t, phase });
    }
  });
  index.phases.set(location, samples);
}

function widenSpan(index: SeriesIndex, series: Series): void {
  // Samples are ascending, so the first and last entries bound the series (gaps do not matter here).
  const first = series.times.length > 0 ? { t: Number(series.times[0]) } : undefined;
  const last = series.times.length > 0 ? { t: Number(series.times[series.times.length - 1]) } : undefined;
  if (!first || !last) {
    return;
  }
  index.span = index.span
    ? { from: Math.min(index.span.from, first.t), to: Math.max(index.span.to, last.t) }
    : { from: first.t, to: last.t };
}
