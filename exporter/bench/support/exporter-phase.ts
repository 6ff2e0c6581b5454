/**
 * One exporter, one database, as deployed: `serve` at the default 60 s interval.
 *
 * Steady state is measured between two quiet moments, so the server's statistics hold
 * exactly the runs in between: each reading is taken STATS_SETTLE_MS after a history run
 * completed (its counts flushed, the next run not yet started while a run takes under about
 * 45 s). The window starts after the first refresh and lasts about --steady-minutes.
 */
import type { Db } from '../../src/db/index.ts';
import { pacedScrapes, pause, percentile, sample, startExporter, waitFor, type RunningExporter } from './exporter-process.ts';
import { delta, readServer, STATS_SETTLE_MS } from './server-stats.ts';

export interface ExporterFigures {
  /** From spawning the process until both lanes had completed a run. */
  firstRefreshSeconds: number;
  firstHistorySeconds: number;
  firstSafetySeconds: number;
  failedQueries: string[];
  steady: {
    minutes: number;
    historyRuns: number;
    safetyRuns: number;
    dbMsPerMinute: number;
    dbSource: string;
    rowsPerMinute: number;
    callsPerMinute: number | undefined;
    maxGaugeAgeSeconds: number;
    /** Longest safety run seen (each starts early by about that much, so the gauges stay within the interval). */
    safetyRunSeconds: number;
  };
  latency: { gapMs: number; seconds: number; historyRuns: number; requests: number; p50: number; p99: number; max: number } | undefined;
  peakRssMb: number;
}

const INTERVAL_SECONDS = 60;
const REFRESHES = 'ecm_adoption_exporter_refreshes_total';
const DURATION = 'ecm_adoption_exporter_refresh_duration_seconds';
const DATA_TIME = 'ecm_adoption_exporter_data_timestamp_seconds';
/** Polls of the steady state: a quarter of a second bounds the gauges' age within that. */
const POLL_MS = 250;
const runs = (text: string, lane: 'history' | 'safety'): number => sample(text, REFRESHES, `lane="${lane}"`);
const failed = (text: string): string[] => [...text.matchAll(/^ecm_adoption_exporter_query_success\{query="([^"]+)"\} 0$/gm)].map((m) => m[1] ?? '');

/**
 * Follows the exporter every POLL_MS for at least `minMs` (less half an interval, so a run
 * completing about then closes the window), then until the next history run completes: the
 * gauges' age, and the refresh wall times as a fallback database time. A run longer than the
 * interval (a slow engine) just makes the window longer.
 *
 * The gauges are oldest just before a safety run publishes, which polling rarely hits: when
 * the data timestamp changes, the old data's age at the poll that first sees the new one is
 * counted too (an upper bound, by at most one poll).
 */
async function follow(exporter: RunningExporter, minMs: number, timeoutMs: number): Promise<{ maxAge: number; wallSeconds: number; safetyMax: number }> {
  const first = await exporter.scrape();
  let seen = { history: runs(first, 'history'), safety: runs(first, 'safety') };
  let maxAge = 0;
  let wallSeconds = 0;
  let safetyMax = 0;
  let dataTime = sample(first, DATA_TIME, 'domain="safety"');
  const started = performance.now();
  for (;;) {
    if (performance.now() - started > timeoutMs)
      throw new Error(`the exporter completed no history run in time (history ${seen.history}, safety ${seen.safety})`);
    await pause(POLL_MS);
    const text = await exporter.scrape();
    // Until this poll the data of `dataTime` was current (or was replaced since the last poll).
    maxAge = Math.max(maxAge, Date.now() / 1000 - dataTime);
    dataTime = sample(text, DATA_TIME, 'domain="safety"');
    let historyDone = false;
    for (const lane of ['history', 'safety'] as const) {
      if (runs(text, lane) <= seen[lane]) continue;
      const duration = sample(text, DURATION, `lane="${lane}"`);
      wallSeconds += duration;
      if (lane === 'safety') safetyMax = Math.max(safetyMax, duration);
      else historyDone = true;
    }
    seen = { history: runs(text, 'history'), safety: runs(text, 'safety') };
    if (historyDone && performance.now() - started >= minMs - INTERVAL_SECONDS * 500) return { maxAge, wallSeconds, safetyMax };
  }
}

async function latencyPhase(exporter: RunningExporter, scrapers: number): Promise<ExporterFigures['latency']> {
  // Over a full refresh cycle (65 s at the 60 s interval): every scrape competes with whatever the refresh does.
  const seconds = 65;
  const gapMs = 1000;
  const before = runs(await exporter.scrape(), 'history');
  const latencies = await pacedScrapes(exporter.metricsUrl, scrapers, gapMs, seconds);
  const historyRuns = runs(await exporter.scrape(), 'history') - before;
  return {
    gapMs,
    seconds,
    historyRuns,
    requests: latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
  };
}

export async function measureExporter(
  url: string,
  monitor: Db,
  options: { steadyMinutes: number; scrapers: number; statements: boolean },
): Promise<ExporterFigures> {
  const exporter = await startExporter(url, {
    REFRESH_INTERVAL_SECONDS: String(INTERVAL_SECONDS),
    STATEMENT_TIMEOUT_MS: process.env.STATEMENT_TIMEOUT_MS ?? '600000',
    REFRESH_DEADLINE_SECONDS: process.env.REFRESH_DEADLINE_SECONDS ?? '1800',
  });
  try {
    const first = await waitFor(exporter, (text) => runs(text, 'history') >= 1 && runs(text, 'safety') >= 1, 15 * 60_000, 'first refresh of both lanes');
    const firstRefreshSeconds = (performance.now() - exporter.startedAt) / 1000;

    await pause(STATS_SETTLE_MS);
    const before = await readServer(monitor, options.statements);
    const start = performance.now();
    const followed = await follow(exporter, options.steadyMinutes * 60_000, (options.steadyMinutes + 20) * 60_000);
    await pause(STATS_SETTLE_MS);
    const after = await readServer(monitor, options.statements);
    const minutes = (performance.now() - start) / 60_000;
    const change = delta(before, after);
    const text = await exporter.scrape();

    const latency = options.scrapers > 0 ? await latencyPhase(exporter, options.scrapers) : undefined;
    return {
      firstRefreshSeconds,
      firstHistorySeconds: sample(first, DURATION, 'lane="history"'),
      firstSafetySeconds: sample(first, DURATION, 'lane="safety"'),
      failedQueries: [...new Set([...failed(first), ...failed(text)])],
      steady: {
        minutes,
        historyRuns: runs(text, 'history') - runs(first, 'history'),
        safetyRuns: runs(text, 'safety') - runs(first, 'safety'),
        dbMsPerMinute: (change.execMs ?? followed.wallSeconds * 1000) / minutes,
        dbSource: change.execMs === undefined ? "exporter's refresh wall times" : 'pg_stat_statements',
        rowsPerMinute: change.rowsRead / minutes,
        callsPerMinute: change.calls === undefined ? undefined : change.calls / minutes,
        maxGaugeAgeSeconds: followed.maxAge,
        safetyRunSeconds: followed.safetyMax,
      },
      latency,
      peakRssMb: await exporter.peakRssMb(),
    };
  } finally {
    await exporter.stop();
  }
}
