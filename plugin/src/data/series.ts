import { FieldType, type DataFrame, type Field, type ThresholdsConfig } from '@grafana/data';

import { classifySeries, type MetricKind } from './metrics';

export interface Point {
  t: number;
  v: number;
}

/** One labelled time series, whatever frame shape it came in. */
export interface Series {
  kind: MetricKind | undefined;
  labels: Record<string, string>;
  /** Sorted by time, without null/NaN samples. */
  points: Point[];
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
    const times = (row: number) => (timeField ? Number(timeField.values[row]) : now);
    for (const valueField of valueFields) {
      const refId = refIdOf(frame, valueField);
      const names = [frame.name, valueField.config.displayNameFromDS, valueField.name].filter(isString);
      if (labelFields.length === 0) {
        out.push(makeSeries({ ...valueField.labels }, refId, names, valueField, allRows(frame.length), times));
        continue;
      }
      for (const [labels, rows] of groupRowsByLabels(frame.length, labelFields, valueField.labels)) {
        out.push(makeSeries(labels, refId, names, valueField, rows, times));
      }
    }
  }
  return out;
}

function makeSeries(
  labels: Record<string, string>,
  refId: string | undefined,
  names: string[],
  field: Field,
  rows: number[],
  timeOf: (row: number) => number
): Series {
  const points: Point[] = [];
  for (const row of rows) {
    const raw: unknown = field.values[row];
    const v = typeof raw === 'number' ? raw : Number(raw);
    const t = timeOf(row);
    if (raw !== null && raw !== undefined && Number.isFinite(v) && Number.isFinite(t)) {
      points.push({ t, v });
    }
  }
  points.sort((a, b) => a.t - b.t);
  const series: Series = { kind: classifySeries({ labels, refId, names }), labels, points };
  if (field.config.thresholds) {
    series.thresholds = field.config.thresholds;
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

function allRows(length: number): number[] {
  return Array.from({ length }, (_, row) => row);
}

function isString(value: string | undefined): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** The sample in force at `t`: the latest at or before it. */
export function valueAt(points: Point[], t: number): Point | undefined {
  let lo = 0;
  let hi = points.length - 1;
  let found: Point | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const point = points[mid];
    if (point && point.t <= t) {
      found = point;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** The last sample with start <= t < end. */
export function lastIn(points: Point[], start: number, end: number): Point | undefined {
  const point = valueAt(points, end - 1);
  return point && point.t >= start ? point : undefined;
}
