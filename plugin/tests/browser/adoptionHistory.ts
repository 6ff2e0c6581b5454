/**
 * A real Prometheus 2.42 holding weeks of the exporter's indicator families, for tests and the
 * dashboard benchmark: samples are written as OpenMetrics with timestamps, turned into TSDB blocks
 * by `promtool tsdb create-blocks-from openmetrics`, and served by `prometheus` on 127.0.0.1.
 * Values come from a function of (family, labels, time) the caller gives, so expected values
 * can be worked out by hand from that function.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';

import { freePort, startProcess, stopProcess, waitFor, type Started } from './processes';

export type Family = 'ratio' | 'threshold' | 'status' | 'suppressed' | 'info' | 'phase';

export const FAMILY_NAMES: Record<Family, string> = {
  ratio: 'ecm_adoption_indicator_ratio',
  threshold: 'ecm_adoption_indicator_threshold_ratio',
  status: 'ecm_adoption_indicator_status',
  suppressed: 'ecm_adoption_indicator_suppressed',
  info: 'ecm_adoption_indicator_info',
  phase: 'ecm_adoption_governance_phase',
};

export interface HistorySpec {
  locations: string[];
  indicators: string[];
  /** First and last sample time, epoch ms; samples every `stepMs` from `from`. */
  from: number;
  to: number;
  stepMs: number;
  /** The value of one series at `t`; `undefined` leaves the sample out. */
  valueAt: (family: Family, labels: Record<string, string>, t: number) => number | undefined;
}

/** Every series the exporter publishes for these locations and indicators (job/instance as scraped). */
export function seriesOf(
  spec: Pick<HistorySpec, 'locations' | 'indicators'>
): Array<{ family: Family; labels: Record<string, string> }> {
  const target = { job: 'ecm-adoption-exporter', instance: '127.0.0.1:9187' };
  const out: Array<{ family: Family; labels: Record<string, string> }> = [];
  for (const indicator of spec.indicators) {
    out.push({
      family: 'info',
      labels: { ...target, indicator, title: indicator.replace(/_/g, ' '), direction: 'higher_is_better' },
    });
  }
  for (const location of spec.locations) {
    for (const phase of ['weekly', 'monthly']) {
      out.push({ family: 'phase', labels: { ...target, location, phase } });
    }
    for (const indicator of spec.indicators) {
      for (const window of ['7d', '28d']) {
        for (const family of ['ratio', 'status', 'suppressed'] as const) {
          out.push({ family, labels: { ...target, indicator, location, window } });
        }
      }
      for (const level of ['target', 'critical']) {
        out.push({ family: 'threshold', labels: { ...target, indicator, location, level } });
      }
    }
  }
  return out;
}

function labelText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join(',');
}

/** Writes the OpenMetrics file (families contiguous, each series in time order); returns the counts. */
export async function writeOpenMetrics(spec: HistorySpec, file: string): Promise<{ series: number; samples: number }> {
  const out = createWriteStream(file);
  let buffer = '';
  let samples = 0;
  const flush = async (): Promise<void> => {
    if (!out.write(buffer)) {
      await once(out, 'drain');
    }
    buffer = '';
  };
  const all = seriesOf(spec);
  for (const family of Object.keys(FAMILY_NAMES) as Family[]) {
    const name = FAMILY_NAMES[family];
    buffer += `# TYPE ${name} gauge\n`;
    for (const series of all.filter((s) => s.family === family)) {
      const prefix = `${name}{${labelText(series.labels)}} `;
      for (let t = spec.from; t <= spec.to; t += spec.stepMs) {
        const value = spec.valueAt(family, series.labels, t);
        if (value !== undefined) {
          buffer += `${prefix}${value} ${t / 1000}\n`;
          samples++;
        }
      }
      if (buffer.length > 1 << 20) {
        await flush();
      }
    }
  }
  buffer += '# EOF\n';
  await flush();
  out.end();
  await once(out, 'finish');
  return { series: all.length, samples };
}

/**
 * promtool tsdb create-blocks-from openmetrics; throws with promtool's output when it fails.
 * Blocks of up to 31 days (a hidden flag of promtool 2.42): the default 2 h would make 12 blocks
 * a day, thousands for half a year, and Prometheus would spend minutes opening and compacting them.
 */
export function createBlocks(file: string, dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  const args = ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', '--max-block-duration=744h', file, dataDir];
  const result = spawnSync('promtool', args, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(
      `promtool create-blocks-from openmetrics failed (${result.status}): ${result.stderr}${result.stdout}`
    );
  }
}

export interface RunningPrometheus {
  base: string;
  process: Started;
  stop: () => Promise<void>;
}

/**
 * Prometheus on 127.0.0.1 over `dataDir`, nothing scraped. Retention far enough back that the
 * imported blocks stay; `lookbackMs` covers the gap between two samples, so every step of a range
 * query finds the sample in force, as it does against a real scrape every minute.
 */
export async function startPrometheus(options: {
  dataDir: string;
  logDir: string;
  lookbackMs: number;
}): Promise<RunningPrometheus> {
  const port = await freePort();
  const config = join(options.logDir, 'prometheus-history.yml');
  writeFileSync(config, 'global:\n  scrape_interval: 1m\nscrape_configs: []\n');
  const server = startProcess(
    'prometheus-history',
    'prometheus',
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${options.dataDir}`,
      '--storage.tsdb.retention.time=20y',
      `--query.lookback-delta=${Math.ceil(options.lookbackMs / 1000)}s`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    options.logDir
  );
  const base = `http://127.0.0.1:${port}`;
  await waitFor('Prometheus to be ready', server, 120_000, async () =>
    (await fetch(`${base}/-/ready`)).ok ? true : undefined
  );
  return { base, process: server, stop: () => stopProcess(server) };
}
