import { FieldType } from '@grafana/data';
import { toDataQueryResponse } from '@grafana/runtime';
import { describe, expect, it } from 'vitest';

import { goDuration, markAsGraph, rangeResponseToFrames, type PromRangeResponse } from './prometheusFrames';

// A range query of a plain selector, shaped as Prometheus 2.42 answers it: two series, the second
// with a NaN and a +Inf sample. Times are float seconds, sample values strings.
const RATIO: PromRangeResponse = {
  status: 'success',
  data: {
    resultType: 'matrix',
    result: [
      {
        metric: {
          __name__: 'ecm_adoption_indicator_ratio',
          window: '7d',
          location: 'loc-01',
          indicator: 'task_on_time',
        },
        values: [
          [1764500000, '0.8'],
          [1764500002.5, '0.75'],
        ],
      },
      {
        metric: {
          __name__: 'ecm_adoption_indicator_ratio',
          window: '28d',
          location: 'loc-01',
          indicator: 'task_on_time',
        },
        values: [
          [1764500000, 'NaN'],
          [1764500002, '+Inf'],
          [1764500004, '1'],
        ],
      },
    ],
  },
};

describe('Prometheus range response -> Grafana frames (dataplane timeseries-multi)', () => {
  it('makes one frame per series: Time + a value field named after __name__ with every label', () => {
    const frames = rangeResponseToFrames(RATIO, {
      refId: 'ratio',
      expr: 'ecm_adoption_indicator_ratio{location=~".+"}',
      stepMs: 2000,
    });
    expect(frames).toEqual([
      {
        schema: {
          meta: {
            type: 'timeseries-multi',
            typeVersion: [0, 1],
            custom: { resultType: 'matrix' },
            // Only the first frame carries the executed query; 2000 ms is Go's "2s".
            executedQueryString: 'Expr: ecm_adoption_indicator_ratio{location=~".+"}\nStep: 2s',
          },
          fields: [
            { name: 'Time', type: FieldType.time, config: { interval: 2000 } },
            {
              name: 'ecm_adoption_indicator_ratio',
              type: FieldType.number,
              labels: {
                __name__: 'ecm_adoption_indicator_ratio',
                window: '7d',
                location: 'loc-01',
                indicator: 'task_on_time',
              },
              // Labels sorted by name, as Prometheus prints a series.
              config: {
                displayNameFromDS:
                  'ecm_adoption_indicator_ratio{indicator="task_on_time", location="loc-01", window="7d"}',
              },
            },
          ],
        },
        // 1764500002.5 s -> 1764500002500 ms.
        data: {
          values: [
            [1764500000000, 1764500002500],
            [0.8, 0.75],
          ],
        },
      },
      {
        schema: {
          meta: { type: 'timeseries-multi', typeVersion: [0, 1], custom: { resultType: 'matrix' } },
          fields: [
            { name: 'Time', type: FieldType.time, config: { interval: 2000 } },
            {
              name: 'ecm_adoption_indicator_ratio',
              type: FieldType.number,
              labels: {
                __name__: 'ecm_adoption_indicator_ratio',
                window: '28d',
                location: 'loc-01',
                indicator: 'task_on_time',
              },
              config: {
                displayNameFromDS:
                  'ecm_adoption_indicator_ratio{indicator="task_on_time", location="loc-01", window="28d"}',
              },
            },
          ],
        },
        // JSON has no NaN or Inf: null in the column, the row index in the value field's entities.
        data: {
          values: [
            [1764500000000, 1764500002000, 1764500004000],
            [null, null, 1],
          ],
          entities: [null, { NaN: [0], Inf: [1] }],
        },
      },
    ]);
  });

  it('names a series without __name__ "Value" and displays it by its labels; a label-less one by its expression', () => {
    const response: PromRangeResponse = {
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          { metric: { location: 'loc-01' }, values: [[1764500000, '3']] },
          { metric: {}, values: [[1764500000, '-Inf']] },
        ],
      },
    };
    const [byLocation, total] = rangeResponseToFrames(response, { refId: 'A', expr: 'sum(x)', stepMs: 60_000 });
    expect(byLocation?.schema?.fields[1]).toMatchObject({
      name: 'Value',
      config: { displayNameFromDS: '{location="loc-01"}' },
    });
    expect(byLocation?.schema?.meta?.executedQueryString).toBe('Expr: sum(x)\nStep: 1m0s');
    expect(total?.schema?.fields[1]).toMatchObject({
      name: 'Value',
      labels: {},
      config: { displayNameFromDS: 'sum(x)' },
    });
    expect(total?.data).toEqual({ values: [[1764500000000], [null]], entities: [null, { NegInf: [0] }] });
  });

  it('keeps one empty frame for the metadata when no series matched', () => {
    const empty: PromRangeResponse = { status: 'success', data: { resultType: 'matrix', result: [] } };
    expect(rangeResponseToFrames(empty, { refId: 'phase', expr: 'up', stepMs: 3_600_000 })).toEqual([
      { schema: { meta: { executedQueryString: 'Expr: up\nStep: 1h0m0s' }, fields: [] }, data: { values: [] } },
    ]);
  });

  it('refuses an error answer or a scalar result with the query named', () => {
    const error: PromRangeResponse = { status: 'error', errorType: 'bad_data', error: 'parse error' };
    expect(() => rangeResponseToFrames(error, { refId: 'A', expr: 'up{', stepMs: 1000 })).toThrow(
      'Prometheus answered bad_data: parse error (A: up{)'
    );
    const scalar: PromRangeResponse = { status: 'success', data: { resultType: 'scalar', result: [] } };
    expect(() => rangeResponseToFrames(scalar, { refId: 'B', expr: '1', stepMs: 1000 })).toThrow(
      'expected a matrix or a vector, got scalar (B)'
    );
  });

  it('makes one numeric-multi frame with ONE row per series of an instant answer (vector)', () => {
    // An instant query answered as Prometheus 2.42 does: `value` = [evaluation time, sample].
    const vector: PromRangeResponse = {
      status: 'success',
      data: {
        resultType: 'vector',
        result: [
          {
            metric: {
              __name__: 'ecm_adoption_indicator_ratio',
              indicator: 'task_on_time',
              location: 'loc-01',
              window: '7d',
            },
            value: [1764500400, '0.91'],
          },
        ],
      },
    };
    const frames = rangeResponseToFrames(vector, { refId: 'ratio', expr: 'x', stepMs: 3_600_000 });
    expect(frames).toHaveLength(1);
    expect(frames[0]?.schema?.meta).toEqual({
      type: 'numeric-multi',
      typeVersion: [0, 1],
      custom: { resultType: 'vector' },
      executedQueryString: 'Expr: x\nStep: 1h0m0s',
    });
    expect(frames[0]?.schema?.fields.map((field) => [field.name, field.type])).toEqual([
      ['Time', 'time'],
      ['ecm_adoption_indicator_ratio', 'number'],
    ]);
    expect(frames[0]?.data).toEqual({ values: [[1764500400000], [0.91]] });
  });

  it('decodes through @grafana/runtime toDataQueryResponse: refId from the result key, NaN and Inf restored', () => {
    const frames = rangeResponseToFrames(RATIO, { refId: 'ratio', expr: 'ecm_adoption_indicator_ratio', stepMs: 2000 });
    const response = toDataQueryResponse({ data: { results: { ratio: { status: 200, frames } } } }, [
      { refId: 'ratio' },
    ]);
    const decoded = markAsGraph(response.data);
    expect(decoded.map((frame) => frame.refId)).toEqual(['ratio', 'ratio']);
    expect(decoded[1]?.fields[1]?.values).toEqual([NaN, Infinity, 1]);
    expect(decoded[1]?.fields[0]?.values).toEqual([1764500000000, 1764500002000, 1764500004000]);
    expect(decoded[0]?.meta?.preferredVisualisationType).toBe('graph');
    expect(decoded[0]?.length).toBe(2);
  });

  it("formats steps like Go's time.Duration", () => {
    expect([500, 1000, 1500, 15_000, 60_000, 90_000, 3_600_000, 90_061_000].map(goDuration)).toEqual([
      '500ms',
      '1s',
      '1.5s',
      '15s',
      '1m0s',
      '1m30s',
      '1h0m0s',
      '25h1m1s',
    ]);
  });
});
