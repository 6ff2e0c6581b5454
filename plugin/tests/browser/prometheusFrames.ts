/**
 * What Grafana 12 does with a Prometheus range-query response before a panel sees it, so the
 * built-panel browser test can feed the panel frames from a real Prometheus:
 *
 * 1. The Prometheus data source backend (pkg/promlib: converter.ReadPrometheusStyleResult with the
 *    dataplane option on, then querydata.addMetadataToMultiFrame) turns each series of a `matrix`
 *    into one frame: a `Time` field (config.interval = step in ms) and a float64 value field named
 *    after `__name__` (plain selectors keep it) carrying every label, `displayNameFromDS`
 *    `name{label="value", ...}` when the query has no legend format, and meta type
 *    `timeseries-multi`, typeVersion [0, 1], custom.resultType `matrix`. The first frame carries
 *    `executedQueryString`; a query with no series still returns one empty frame for that metadata.
 *    Frames travel as DataFrameJSON: NaN and ±Inf are null in `values` and listed in `entities`.
 * 2. The frontend (`toDataQueryResponse` of @grafana/runtime, used as is by the page) decodes them
 *    and sets each frame's refId; the data source's transformV2 marks time-series frames
 *    `preferredVisualisationType: 'graph'` (`markAsGraph` below).
 */
import {
  DataFrameType,
  FieldType,
  type DataFrame,
  type DataFrameJSON,
  type FieldValueEntityLookup,
} from '@grafana/data';

/** One series of an answer: `values` in a range query's matrix, `value` in an instant query's vector. */
export interface PromSeries {
  metric: Record<string, string>;
  values?: Array<[number, string]>;
  value?: [number, string];
}

/** Body of a `/api/v1/query_range` or `/api/v1/query` answer (Prometheus HTTP API). */
export interface PromRangeResponse {
  status: 'success' | 'error';
  data?: { resultType: string; result: PromSeries[] };
  errorType?: string;
  error?: string;
  warnings?: string[];
}

export interface RangeQuery {
  refId: string;
  expr: string;
  stepMs: number;
}

/**
 * The backend's frames for one query, as DataFrameJSON (the wire format the frontend decodes).
 * The converter (grafana-plugin-sdk-go data/converters/prometheus, readMatrixOrVectorMulti) treats
 * both answers alike: a `matrix` series gives a frame of its samples, typed `timeseries-multi`; a
 * `vector` series (instant query) gives a frame with ONE row, Time = the evaluation time, typed
 * `numeric-multi`. Grafana's frontend marks both as graph frames in a dashboard (only format
 * "table", or Explore, turns a vector into a table).
 */
export function rangeResponseToFrames(response: PromRangeResponse, query: RangeQuery): DataFrameJSON[] {
  if (response.status !== 'success' || !response.data) {
    throw new Error(
      `Prometheus answered ${response.errorType ?? response.status}: ${response.error ?? 'no data'} (${query.refId}: ${query.expr})`
    );
  }
  const resultType = response.data.resultType;
  if (resultType !== 'matrix' && resultType !== 'vector') {
    throw new Error(`expected a matrix or a vector, got ${resultType} (${query.refId})`);
  }
  const executedQueryString = `Expr: ${query.expr}\nStep: ${goDuration(query.stepMs)}`;
  const frames = response.data.result.map((series): DataFrameJSON => {
    const labels = { ...series.metric };
    const samples = resultType === 'matrix' ? (series.values ?? []) : series.value ? [series.value] : [];
    const times = samples.map(([t]) => timeFromFloat(t));
    const { values, entities } = float64Column(samples.map(([, v]) => v));
    const type = resultType === 'matrix' ? DataFrameType.TimeSeriesMulti : DataFrameType.NumericMulti;
    return {
      schema: {
        meta: { type, typeVersion: [0, 1], custom: { resultType } },
        fields: [
          { name: 'Time', type: FieldType.time, config: { interval: query.stepMs } },
          {
            // Dataplane: the value field is named after the metric when the series has one.
            name: labels.__name__ ?? 'Value',
            type: FieldType.number,
            labels,
            config: { displayNameFromDS: displayName(labels, query.expr) },
          },
        ],
      },
      data: entities ? { values: [times, values], entities: [null, entities] } : { values: [times, values] },
    };
  });
  if (frames.length === 0) {
    return [{ schema: { meta: { executedQueryString }, fields: [] }, data: { values: [] } }];
  }
  const first = frames[0]?.schema?.meta;
  if (first) {
    first.executedQueryString = executedQueryString;
  }
  return frames;
}

/** The data source's transformV2 for frames that are neither table, heatmap nor exemplar results. */
export function markAsGraph(frames: DataFrame[]): DataFrame[] {
  return frames.map((frame) => ({ ...frame, meta: { ...frame.meta, preferredVisualisationType: 'graph' } }));
}

/** Go: time.UnixMilli(int64(fv * 1000.0)) — truncation toward zero, like the conversion to int64. */
function timeFromFloat(seconds: number): number {
  return Math.trunc(seconds * 1000);
}

/** strconv.ParseFloat of Prometheus sample strings; NaN and ±Inf become null plus an entity entry. */
function float64Column(samples: string[]): { values: Array<number | null>; entities?: FieldValueEntityLookup } {
  const lookup: Required<Pick<FieldValueEntityLookup, 'NaN' | 'Inf' | 'NegInf'>> = { NaN: [], Inf: [], NegInf: [] };
  const values = samples.map((text, index) => {
    const value = parseSample(text);
    if (Number.isNaN(value)) {
      lookup.NaN.push(index);
    } else if (value === Infinity) {
      lookup.Inf.push(index);
    } else if (value === -Infinity) {
      lookup.NegInf.push(index);
    } else {
      return value;
    }
    return null;
  });
  const entities: FieldValueEntityLookup = {};
  for (const key of ['NaN', 'Inf', 'NegInf'] as const) {
    if (lookup[key].length > 0) {
      entities[key] = lookup[key];
    }
  }
  return Object.keys(entities).length > 0 ? { values, entities } : { values };
}

function parseSample(text: string): number {
  if (/^[+-]?inf(inity)?$/i.test(text)) {
    return text.startsWith('-') ? -Infinity : Infinity;
  }
  if (/^nan$/i.test(text)) {
    return NaN;
  }
  const value = Number(text);
  if (text.trim() === '' || Number.isNaN(value)) {
    throw new Error(`not a Prometheus sample value: "${text}"`);
  }
  return value;
}

/**
 * querydata.getName with no legend format: Prometheus' own series notation, labels sorted by
 * name, `__name__` outside the braces; a series with no labels at all is named by its expression.
 */
function displayName(labels: Record<string, string>, expr: string): string {
  const name = labels.__name__ ?? '';
  const pairs = Object.keys(labels)
    .filter((key) => key !== '__name__')
    .sort()
    .map((key) => `${key}=${JSON.stringify(labels[key])}`);
  if (pairs.length === 0) {
    return name === '' ? expr : name;
  }
  return `${name}{${pairs.join(', ')}}`;
}

/** Go's time.Duration.String() for whole milliseconds: 2s, 1m0s, 1h0m0s, 1.5s. */
export function goDuration(ms: number): string {
  if (ms === 0) {
    return '0s';
  }
  if (ms < 1000) {
    return `${ms}ms`;
  }
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = (ms % 60_000) / 1000;
  const secondsText = `${seconds}s`;
  if (hours > 0) {
    return `${hours}h${minutes}m${secondsText}`;
  }
  return minutes > 0 ? `${minutes}m${secondsText}` : secondsText;
}
