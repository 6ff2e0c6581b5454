/**
 * The demo at a fixed instant (`demo --now`), scraped as Prometheus does: its exposition is the
 * golden file (normalised as demo-exposition.ts says), promtool has nothing to say about it, and
 * it publishes every family of the metric catalogue that the exporter publishes, and no other.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_TYPES } from '../../src/runtime/exposition.ts';
import { METRIC_CATALOGUE } from '../../src/shared/metrics.ts';
import { parseMetrics, promtoolFindings } from '../runtime/helpers.ts';
import { GOLDEN_FILE, GOLDEN_NOW, lineDiff, normaliseExposition, startGoldenDemo, type Demo } from './demo-exposition.ts';

const OPENMETRICS_ACCEPT = 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

describe(`demo --now ${GOLDEN_NOW}`, () => {
  let demo: Demo | undefined;
  let text = '';
  let openMetrics: Response | undefined;
  let openMetricsText = '';
  beforeAll(async () => {
    demo = await startGoldenDemo();
    text = await (await fetch(`${demo.url}/metrics`)).text();
    openMetrics = await fetch(`${demo.url}/metrics`, { headers: { Accept: OPENMETRICS_ACCEPT } });
    openMetricsText = await openMetrics.text();
  }, 150_000);
  afterAll(async () => {
    // Graceful: SIGTERM closes the server and the database, exiting 0.
    expect(await demo?.stop()).toBe(0);
  });

  it('serves the exposition of the golden file (after review: npm run golden:update)', async () => {
    const golden = await readFile(GOLDEN_FILE, 'utf8');
    expect(lineDiff(golden, normaliseExposition(text)), `${GOLDEN_FILE} differs from the demo's /metrics`).toBe('');
  });

  it('gives promtool check metrics nothing to report', async () => {
    expect(await promtoolFindings(text)).toEqual([]);
  });

  it('publishes a sample of every family the catalogue says the exporter publishes, and of no other ecm_adoption family', () => {
    const published = new Set(
      parseMetrics(text)
        .filter((family) => family.metrics.length > 0)
        .map((family) => family.name),
    );
    const own = [...published].filter((name) => name.startsWith('ecm_adoption_'));
    const catalogued = new Set(METRIC_CATALOGUE.map((definition) => definition.name));
    expect(own.filter((name) => !catalogued.has(name))).toEqual([]);
    const required = METRIC_CATALOGUE.filter((definition) => definition.publishedBy === 'exporter' && definition.conditional === undefined);
    expect(required.filter((definition) => !published.has(definition.name)).map((definition) => definition.name)).toEqual([]);
    // The issue-log receiver's families are another process's (test/catalogue checks those).
    expect(required.length).toBe(METRIC_CATALOGUE.filter((definition) => definition.publishedBy === 'exporter').length);
  });

  it('carries the standard process and Node.js families every Node exporter publishes', () => {
    const names = new Set(parseMetrics(text).map((family) => family.name));
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'process_start_time_seconds',
      'process_open_fds',
      'nodejs_eventloop_lag_seconds',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_heap_size_used_bytes',
      'nodejs_gc_duration_seconds',
      'nodejs_version_info',
    ]) {
      expect(names, name).toContain(name);
    }
  });

  it('serves the same families as OpenMetrics to a scraper that asks for it', () => {
    expect(openMetrics?.headers.get('content-type')).toBe(CONTENT_TYPES.openmetrics);
    expect(openMetricsText.endsWith('\n# EOF\n')).toBe(true);
    const typed = (exposition: string): string[] =>
      [...exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name = '', type = '']) => (type === 'counter' ? name.replace(/_total$/, '') : name));
    // OpenMetrics names a counter family without _total; its samples keep it.
    expect(typed(openMetricsText)).toEqual(typed(text));
    expect(openMetricsText).toContain('ecm_adoption_exporter_refreshes_total{lane="safety"} 1\n');
  });
});
