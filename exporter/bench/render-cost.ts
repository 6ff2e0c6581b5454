/**
 * The part of `npm run bench` that does not depend on how busy the machine is: the CPU time of
 * exactly the code prom-client replaced, in this process, on the medium profile's exposition
 * (the families read back from a scrape): rendering and compressing a snapshot, rendering and
 * compressing the process metrics (once a second), and answering a scrape from the cache.
 */
import { gzipSync } from 'node:zlib';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import type { MetricFamily, Sample } from '../src/engine/types.ts';
import { createMetricsEndpoint, type MetricsEndpoint, type MetricsEndpointOptions } from '../src/runtime/endpoint.ts';
import { createFamilyRenderer, formatRegistry } from '../src/runtime/exposition.ts';
import { createProcessMetrics } from '../src/runtime/process-metrics.ts';
import type { Snapshot } from '../src/runtime/results.ts';
import { metricDefinition } from '../src/shared/metrics.ts';
import { createBaselineEndpoint } from './baseline/endpoint.ts';
import { renderFamilies } from './baseline/exposition.ts';

/** The catalogue families of an exposition in the text format (self-metrics included, process metrics not). */
export function familiesOf(text: string): MetricFamily[] {
  return parsePrometheusTextFormat(text).flatMap((parsed) => {
    const definition = metricDefinition(parsed.name);
    if (definition === undefined) return [];
    const samples: Sample[] = parsed.metrics.flatMap((metric) => {
      if (metric.quantiles !== undefined) {
        return Object.entries(metric.quantiles).map(([quantile, value]) => ({ labels: { ...metric.labels, quantile }, value: Number(value) }));
      }
      return [{ labels: metric.labels ?? {}, value: Number(metric.value) }];
    });
    return [{ definition, samples }];
  });
}

/** Median CPU milliseconds (user + system) of `run` over `rounds` rounds. */
async function cpuMs(rounds: number, run: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    const before = process.cpuUsage();
    await run();
    const used = process.cpuUsage(before);
    times.push((used.user + used.system) / 1000);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? Number.NaN;
}

function snapshotOf(families: MetricFamily[]): Snapshot {
  return {
    lanes: {},
    takenAt: new Date(),
    ok: true,
    families,
    units: [],
    health: {
      sourceUp: { ecm: true, governance: true },
      dataTimestamp: { safety: new Date(), indicators: new Date(), governance: new Date() },
      refreshesTotal: { safety: 1, history: 1 },
      deadlineExceededTotal: { safety: 0, history: 0 },
      queryErrorsTotal: new Map(),
      lastSuccessAt: new Date(),
    },
  };
}

/** CPU per scrape answered from the cache (gzip accepted), over 2000 scrapes. */
async function perScrapeUs(endpoint: MetricsEndpoint): Promise<number> {
  await endpoint.scrapeBody({ format: 'text', gzip: true }); // render once
  const before = process.cpuUsage();
  for (let i = 0; i < 2000; i += 1) await endpoint.scrapeBody({ format: 'text', gzip: true });
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 2000;
}

export async function renderCost(text: string): Promise<string[]> {
  const families = familiesOf(text);
  const samples = families.reduce((sum, family) => sum + family.samples.length, 0);
  const renderer = createFamilyRenderer(formatRegistry('text'));
  const before = await cpuMs(50, () => gzipSync(renderFamilies(families), { level: 6 }));
  const after = await cpuMs(50, async () => gzipSync(await renderer.render(families), { level: 6 }));
  const processMetrics = createProcessMetrics({ monotonicMs: () => performance.now(), maxAgeMs: 0 });
  const processPart = await cpuMs(50, async () => (await processMetrics.current('text')).bytes(true));
  const options: MetricsEndpointOptions = { refresher: { latest: () => snapshotOf(families) }, refreshIntervalSeconds: 60, version: 'bench' };
  const fixed = snapshotOf(families);
  const cached: MetricsEndpointOptions = { ...options, refresher: { latest: () => fixed } };
  const baselineScrape = await perScrapeUs(createBaselineEndpoint(cached));
  const afterScrape = await perScrapeUs(createMetricsEndpoint({ ...cached, processMetrics: createProcessMetrics({ monotonicMs: () => performance.now() }) }));
  return [
    `render cost, in this process (CPU, medians; ${families.length} families, ${samples} samples):`,
    `  snapshot render + gzip, once per snapshot: before ${before.toFixed(2)} ms, after ${after.toFixed(2)} ms`,
    `  process metrics render + gzip, at most once a second (after only): ${processPart.toFixed(2)} ms`,
    `  a scrape answered from the cache (gzip): before ${baselineScrape.toFixed(1)} µs, after ${afterScrape.toFixed(1)} µs`,
  ];
}
