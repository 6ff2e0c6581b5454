import { describe, expect, it } from 'vitest';
import type { MetricFamily } from '../../src/engine/types.ts';
import { escapeLabelValue, renderFamilies, validateFamilies } from '../../src/runtime/exposition.ts';
import { parseMetrics, promtoolCheckMetrics, samplesOf } from './helpers.ts';

// Location ids an adapter might really produce: quotes, backslashes (Windows-ish
// paths), a newline pasted into a name field, Welsh and Japanese text, an emoji.
const AWKWARD_IDS = ['Rose "Court"', 'C:\\homes\\north', 'line one\nline two', 'Tŷ Gwyn – Caerdydd', 'ケアホーム', 'end\\', '\\"\n', '🏠'];

function awkwardFamily(): MetricFamily {
  return {
    name: 'ecm_adoption_indicator_ratio',
    help: 'Share of the indicator\'s denominator that met it; "help" with a \\ and a\nnewline.',
    type: 'gauge',
    samples: AWKWARD_IDS.map((location, index) => ({ labels: { indicator: 'task_on_time', location, window: '7d' }, value: index / 10 })),
  };
}

describe('exposition', () => {
  it('escapes backslash, double quote and newline in label values and nothing else', () => {
    expect(escapeLabelValue('a"b\\c\nd ケア')).toBe('a\\"b\\\\c\\nd ケア');
  });

  it('round-trips awkward location ids through a Prometheus text parser', () => {
    const text = renderFamilies([awkwardFamily()]);
    const parsed = parseMetrics(text);
    expect(parsed[0]?.help).toBe('Share of the indicator\'s denominator that met it; "help" with a \\ and a\nnewline.');
    const samples = samplesOf(parsed, 'ecm_adoption_indicator_ratio');
    expect(samples.map((s) => s.labels.location)).toEqual(AWKWARD_IDS);
    expect(samples.map((s) => s.value)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
  });

  it('passes promtool check metrics with awkward labels and special values', async () => {
    const families: MetricFamily[] = [
      awkwardFamily(),
      {
        name: 'ecm_adoption_test_special_values',
        help: 'Special float values.',
        type: 'gauge',
        samples: [
          { labels: { v: 'nan' }, value: Number.NaN },
          { labels: { v: 'inf' }, value: Infinity },
          { labels: { v: 'neg' }, value: -Infinity },
          { labels: { v: 'tiny' }, value: 1e-9 },
        ],
      },
      { name: 'ecm_adoption_test_events_total', help: 'A counter.', type: 'counter', samples: [{ labels: {}, value: 3 }] },
      { name: 'ecm_adoption_test_empty', help: 'A family with no samples in this snapshot.', type: 'gauge', samples: [] },
    ];
    const text = renderFamilies(families);
    const { code, output } = await promtoolCheckMetrics(text);
    expect(output).toBe('');
    expect(code).toBe(0);
    const parsed = parseMetrics(text);
    expect(samplesOf(parsed, 'ecm_adoption_test_special_values').map((s) => s.value)).toEqual([Number.NaN, Infinity, -Infinity, 1e-9]);
  });

  it('rejects families that would break a scrape, keeping the valid ones', () => {
    const ok: MetricFamily = { name: 'ecm_adoption_ok', help: 'ok', type: 'gauge', samples: [{ labels: { location: 'a' }, value: 1 }] };
    const { valid, problems } = validateFamilies([
      ok,
      { ...ok }, // same name twice
      { name: 'ecm-adoption-bad', help: 'bad name', type: 'gauge', samples: [] },
      {
        name: 'ecm_adoption_dupes',
        help: 'repeated label set',
        type: 'gauge',
        samples: [
          { labels: { a: '1', b: '2' }, value: 1 },
          { labels: { b: '2', a: '1' }, value: 2 },
        ],
      },
      { name: 'ecm_adoption_bad_label', help: 'bad label', type: 'gauge', samples: [{ labels: { 'location-id': 'x' }, value: 1 }] },
      { name: 'ecm_adoption_events', help: 'counter without _total', type: 'counter', samples: [] },
    ]);
    expect(valid).toEqual([ok]);
    expect(problems).toEqual([
      'metric family "ecm_adoption_ok" appears twice',
      'invalid metric name "ecm-adoption-bad"',
      'ecm_adoption_dupes: label set [["a","1"],["b","2"]] appears twice',
      'ecm_adoption_bad_label: invalid label name "location-id"',
      'counter "ecm_adoption_events" must end in _total',
    ]);
  });
});
