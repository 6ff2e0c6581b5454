import { FieldType, type DataFrame, type Field, type ThresholdsConfig } from '@grafana/data';

import { classifySeries, type MetricKind } from './metrics';

export interface Point {
  t: number;
  v: number;
}

/**
 * One labelled time series, whatever frame shape it came in. `times` and `values` are the
 * frame's own arrays when possible (no copy: a year of daily samples for 240 cells is ~400k
 * values); `values` may hold null/NaN gaps, which the lookups below skip.
 */
export interface Series {
  kind: MetricKind | undefined;
  labels: Record<string, string>;
  /** Ascending. */
  times: ArrayLike<number>;
  values: ArrayLike<unknown>;
  /** Thresholds of the field config, the fallback when no threshold series is returned. */
  thresholds?: ThresholdsConfig;
}

/**
 * Flattens the frame shapes Grafana's Prometheus data source returns:
 * - multi-frame (one frame per series: time + one number field with labels),
 * - wide (one frame: time + many number fields, each with labels),
 * - long / table format (time + one string column per label + `Value` / `Value #A` number columns).
 * A frame without a time field (instant table) is stamped with `now`.
 */
export function framesToSeries(frames: DataFrame[], now: number): Series[] {
  const out: Series[] = [];
  for (const frame of frames) {
    const timeField = frame.fields.find((field) => field.type === FieldType.time);
    const labelFields = frame.fields.filter((field) => field.type === FieldType.string);
    const valueFields = frame.fields.filter((field) => field.type === FieldType.number);
    const times: ArrayLike<number> = timeField ? timeField.values : new Array<number>(frame.length).fill(now);
    for (const valueField of valueFields) {
      const refId = refIdOf(frame, valueField);
      const names = [frame.name, valueField.config.displayNameFromDS, valueField.name].filter(isString);
      const make = (labels: Record<string, string>, t: ArrayLike<number>, v: ArrayLike<unknown>) =>
        ascending({
          kind: classifySeries({ labels, refId, names }),
          labels,
          times: t,
          values: v,
          ...thresholdsOf(valueField),
        });
      if (labelFields.length === 0) {
        out.push(make({ ...valueField.labels }, times, valueField.values));
        continue;
      }
      for (const [labels, rows] of groupRowsByLabels(frame.length, labelFields, valueField.labels)) {
        out.push(
          make(
            labels,
            rows.map((row) => Number(times[row])),
            rows.map((row) => valueField.values[row])
          )
        );
      }
    }
  }
  return out;
}

function thresholdsOf(field: Field): { thresholds?: ThresholdsConfig } {
  return field.config.thresholds ? { thresholds: field.config.thresholds } : {};
}

/**
 * One series from two answers for the same labels (an instant value and a weekly history),
 * in time order; at equal times the later answer wins, as it is the fresher read.
 */
export function mergeSeries(first: Series, second: Series): Series {
  const points: Array<{ t: number; v: unknown }> = [];
  for (const series of [first, second]) {
    for (let i = 0; i < series.times.length; i++) {
      points.push({ t: Number(series.times[i]), v: series.values[i] });
    }
  }
  // Stable sort: of two samples at the same time, the second answer's stays last, so valueAt reads it.
  points.sort((a, b) => a.t - b.t);
  const thresholds = first.thresholds ?? second.thresholds;
  return {
    ...first,
    ...(thresholds ? { thresholds } : {}),
    times: points.map((point) => point.t),
    values: points.map((point) => point.v),
  };
}

/** Prometheus returns samples in time order; sort a copy only when a frame did not. */
function ascending(series: Series): Series {
  const { times, values } = series;
  for (let i = 1; i < times.length; i++) {
    if ((times[i] ?? 0) < (times[i - 1] ?? 0)) {
      const order = Array.from({ length: times.length }, (_, k) => k).sort((a, b) => (times[a] ?? 0) - (times[b] ?? 0));
      return { ...series, times: order.map((k) => times[k] ?? 0), values: order.map((k) => values[k]) };
    }
  }
  return series;
}

/** Table format names value columns `Value #<refId>` when a panel has several queries. */
function refIdOf(frame: DataFrame, field: Field): string | undefined {
  const match = /^Value #(.+)$/.exec(field.name);
  return match?.[1] ?? frame.refId;
}

function groupRowsByLabels(
  length: number,
  labelFields: Field[],
  common: Record<string, string> | undefined
): Map<Record<string, string>, number[]> {
  const byKey = new Map<string, { labels: Record<string, string>; rows: number[] }>();
  for (let row = 0; row < length; row++) {
    const labels: Record<string, string> = { ...common };
    for (const field of labelFields) {
      const value: unknown = field.values[row];
      if (value !== null && value !== undefined && value !== '') {
        labels[field.name] = String(value);
      }
    }
    const key = JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
    const group = byKey.get(key);
    if (group) {
      group.rows.push(row);
    } else {
      byKey.set(key, { labels, rows: [row] });
    }
  }
  return new Map([...byKey.values()].map((group) => [group.labels, group.rows]));
}

function isString(value: string | undefined): value is string {
  return typeof value === 'string' && value.length > 0;
}

function sampleAtIndex(series: Series, index: number): Point | undefined {
  const raw = series.values[index];
  if (raw === null || raw === undefined) {
    return undefined;
  }
  const v = typeof raw === 'number' ? raw : Number(raw);
  const t = Number(series.times[index]);
  return Number.isFinite(v) && Number.isFinite(t) ? { t, v } : undefined;
}

/** The sample in force at `t`: the latest valid one at or before it. */
export function valueAt(series: Series, t: number): Point | undefined {
  let lo = 0;
  let hi = series.times.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((series.times[mid] ?? Infinity) <= t) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  for (let i = found; i >= 0; i--) {
    const point = sampleAtIndex(series, i);
    if (point) {
      return point;
    }
  }
  return undefined;
}

/** The last valid sample with start <= t < end. */
export function lastIn(series: Series, start: number, end: number): Point | undefined {
  const point = valueAt(series, end - 1);
  return point && point.t >= start ? point : undefined;
}

export function latest(series: Series): Point | undefined {
  return valueAt(series, Infinity);
}

export function earliest(series: Series): Point | undefined {
  for (let i = 0; i < series.times.length; i++) {
    const point = sampleAtIndex(series, i);
    if (point) {
      return point;
    }
  }
  return undefined;
}

/** Every valid sample, for the few series read in full (governance phase). */
export function eachSample(series: Series, visit: (point: Point) => void): void {
  for (let i = 0; i < series.times.length; i++) {
    const point = sampleAtIndex(series, i);
    if (point) {
      visit(point);
    }
  }
}
