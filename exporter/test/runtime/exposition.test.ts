import { describe, expect, it } from 'vitest';
import { family, type MetricFamily } from '../../src/engine/types.ts';
import { createFamilyRenderer, formatRegistry, validateFamilies } from '../../src/runtime/exposition.ts';
import { ALERT_ACKNOWLEDGEMENT_SECONDS, EXPORTER_QUERY_ERRORS_TOTAL, EXPORTER_UP, INDICATOR_RATIO, TASKS_OVERDUE } from '../../src/shared/metrics.ts';
import { parseMetrics, promtoolCheckMetrics, samplesOf, testMetric } from './helpers.ts';

// Location ids an adapter might really produce: quotes, backslashes (Windows-ish
// paths), a newline pasted into a name field, Welsh and Japanese text, an emoji.
const AWKWARD_IDS = ['Rose "Court"', 'C:\\homes\\north', 'line one\nline two', 'Tŷ Gwyn – Caerdydd', 'ケアホーム', 'end\\', '\\"\n', '🏠'];

function awkwardFamily(): MetricFamily {
  return family(
    INDICATOR_RATIO,
    // Labels given in another order than the catalogue's: the exposition prints the catalogue's.
    AWKWARD_IDS.map((location, index) => ({ labels: { window: '7d', location, indicator: 'task_on_time' }, value: index / 10 })),
  );
}

const SPECIAL = testMetric('ecm_adoption_test_special_values', ['v']);

describe('exposition through prom-client', () => {
  it('round-trips awkward location ids through a Prometheus text parser, labels in catalogue order', async () => {
    const text = await createFamilyRenderer(formatRegistry('text')).render([awkwardFamily()]);
    expect(text).toContain('ecm_adoption_indicator_ratio{indicator="task_on_time",location="Rose \\"Court\\"",window="7d"} 0\n');
    const parsed = parseMetrics(text);
    expect(parsed[0]?.help).toBe(INDICATOR_RATIO.help);
    const samples = samplesOf(parsed, 'ecm_adoption_indicator_ratio');
    expect(samples.map((s) => s.labels.location)).toEqual(AWKWARD_IDS);
    expect(samples.map((s) => s.value)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
  });

  it('passes promtool check metrics with awkward labels, special values, a counter and a quantile summary', async () => {
    const families: MetricFamily[] = [
      awkwardFamily(),
      {
        definition: SPECIAL,
        samples: [
          { labels: { v: 'nan' }, value: Number.NaN },
          { labels: { v: 'inf' }, value: Infinity },
          { labels: { v: 'neg' }, value: -Infinity },
          { labels: { v: 'tiny' }, value: 1e-9 },
        ],
      },
      family(EXPORTER_QUERY_ERRORS_TOTAL, [{ labels: { query: 'locations' }, value: 3 }]),
      family(ALERT_ACKNOWLEDGEMENT_SECONDS, [
        { labels: { location: 'home', window: '7d', quantile: '0.5' }, value: 42 },
        { labels: { location: 'home', window: '7d', quantile: '0.9' }, value: 170 },
      ]),
    ];
    const text = await createFamilyRenderer(formatRegistry('text')).render(families);
    const { code, output } = await promtoolCheckMetrics(text);
    expect(output).toBe('');
    expect(code).toBe(0);
    const parsed = parseMetrics(text);
    expect(samplesOf(parsed, 'ecm_adoption_test_special_values').map((s) => s.value)).toEqual([Number.NaN, Infinity, -Infinity, 1e-9]);
    // The quantiles as given, typed summary, without a _sum or _count the data does not have.
    expect(text).toContain('# TYPE ecm_adoption_alert_acknowledgement_seconds summary\n');
    expect(text).toContain('ecm_adoption_alert_acknowledgement_seconds{location="home",window="7d",quantile="0.9"} 170\n');
    expect(text).not.toMatch(/ecm_adoption_alert_acknowledgement_seconds_(sum|count)/);
  });

  it('forgets a location that vanished and leaves a family without samples out altogether', async () => {
    const renderer = createFamilyRenderer(formatRegistry('text'));
    const overdue = (locations: string[]) =>
      family(
        TASKS_OVERDUE,
        locations.map((location) => ({ labels: { location }, value: 2 })),
      );
    const first = parseMetrics(await renderer.render([family(EXPORTER_UP, [{ labels: {}, value: 1 }]), overdue(['a', 'b'])]));
    expect(samplesOf(first, 'ecm_adoption_tasks_overdue').map((s) => s.labels.location)).toEqual(['a', 'b']);
    const second = await renderer.render([family(EXPORTER_UP, [{ labels: {}, value: 0 }]), overdue(['b'])]);
    expect(samplesOf(parseMetrics(second), 'ecm_adoption_tasks_overdue').map((s) => s.labels.location)).toEqual(['b']);
    expect(samplesOf(parseMetrics(second), 'ecm_adoption_exporter_up')).toEqual([{ labels: {}, value: 0 }]);
    const third = await renderer.render([overdue([])]);
    expect(third).toBe('');
  });

  it('renders OpenMetrics with counters named without _total in TYPE, every render alike, ending in # EOF', async () => {
    const renderer = createFamilyRenderer(formatRegistry('openmetrics'));
    const families = [family(EXPORTER_QUERY_ERRORS_TOTAL, [{ labels: { query: 'locations' }, value: 3 }])];
    const expected = [
      `# HELP ecm_adoption_exporter_query_errors ${EXPORTER_QUERY_ERRORS_TOTAL.help}`,
      '# TYPE ecm_adoption_exporter_query_errors counter',
      'ecm_adoption_exporter_query_errors_total{query="locations"} 3',
      '# EOF',
      '',
    ].join('\n');
    expect(await renderer.render(families)).toBe(expected);
    // prom-client renames the counter in place on an OpenMetrics render: the second render must not differ.
    expect(await renderer.render(families)).toBe(expected);
    // ...and a text renderer of the same catalogue entry keeps the _total name.
    expect(await createFamilyRenderer(formatRegistry('text')).render(families)).toContain('# TYPE ecm_adoption_exporter_query_errors_total counter\n');
  });

  it('renders one snapshot at a time when renders overlap', async () => {
    const renderer = createFamilyRenderer(formatRegistry('text'));
    const of = (location: string) => [family(TASKS_OVERDUE, [{ labels: { location }, value: 1 }])];
    const [a, b] = await Promise.all([renderer.render(of('a')), renderer.render(of('b'))]);
    expect(samplesOf(parseMetrics(a), 'ecm_adoption_tasks_overdue').map((s) => s.labels.location)).toEqual(['a']);
    expect(samplesOf(parseMetrics(b), 'ecm_adoption_tasks_overdue').map((s) => s.labels.location)).toEqual(['b']);
  });
});

describe('validateFamilies', () => {
  it('rejects families that would break a scrape or the catalogue contract, keeping the valid ones', () => {
    const ok = family(TASKS_OVERDUE, [{ labels: { location: 'a' }, value: 1 }]);
    const { valid, problems } = validateFamilies([
      ok,
      { ...ok }, // same name twice
      { definition: testMetric('ecm-adoption-bad'), samples: [] },
      {
        definition: testMetric('ecm_adoption_dupes', ['a', 'b']),
        samples: [
          { labels: { a: '1', b: '2' }, value: 1 },
          { labels: { b: '2', a: '1' }, value: 2 },
        ],
      },
      { definition: testMetric('ecm_adoption_bad_label', ['location-id']), samples: [{ labels: { 'location-id': 'x' }, value: 1 }] },
      { definition: testMetric('ecm_adoption_events', [], 'counter'), samples: [] },
      { definition: EXPORTER_UP, samples: [{ labels: { instance: 'x' }, value: 1 }] },
      { definition: ALERT_ACKNOWLEDGEMENT_SECONDS, samples: [{ labels: { location: 'a', window: '90d', quantile: '0.5' }, value: 1 }] },
      { definition: INDICATOR_RATIO, samples: [{ labels: { indicator: 'task_on_time', location: 'a' }, value: 1 }] },
    ]);
    expect(valid).toEqual([ok]);
    expect(problems).toEqual([
      'metric family "ecm_adoption_tasks_overdue" appears twice',
      'invalid metric name "ecm-adoption-bad"',
      'ecm_adoption_dupes: label set [["a","1"],["b","2"]] appears twice',
      'ecm_adoption_bad_label: invalid label name "location-id"',
      'counter "ecm_adoption_events" must end in _total',
      'ecm_adoption_exporter_up: label "instance" is not in its catalogue entry',
      'ecm_adoption_alert_acknowledgement_seconds: window="90d" is not one of 7d, 28d',
      'ecm_adoption_indicator_ratio: label "window" missing',
    ]);
  });
});
