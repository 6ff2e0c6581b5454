/**
 * npm run bench:scale — the exporter against the straightforward SQL (bench/straightforward/)
 * on the large profile (50 homes), PostgreSQL, in one run:
 *
 *   1. the exporter on 120 days of history: first refresh after start (wall time, both
 *      lanes), then a steady state at the default 60 s interval (--steady-minutes, default
 *      10): database time and ecm rows read per minute, the live gauges' age; then /metrics
 *      latency with 50 concurrent scrapers over a full refresh cycle, and its peak RSS;
 *   2. the same exporter on the same 50 homes with 60 days of history (a second database
 *      seeded with every home live for 60 days: the last 60 days are the same rows, see
 *      planRows), steady state again: the cost must not grow with history;
 *   3. the straightforward queries, a full run per scrape, twice (the second warm):
 *      wall time, database time, rows read; and the ratios against their targets.
 *
 * The server: BENCH_DATABASE_URL (its database and a sibling `<name>_60d`), else an own
 * throwaway cluster with pg_stat_statements preloaded (bench/support/bench-cluster.ts),
 * kept in BENCH_CLUSTER_DIR for the next run. Empty databases are seeded (large profile,
 * about 2 minutes each); BENCH_RESEED=1 seeds again. Database time is pg_stat_statements'
 * total_exec_time when loaded, else the exporter's own refresh wall times (an upper bound).
 * STATEMENT_TIMEOUT_MS (default 600000 here) and REFRESH_DEADLINE_SECONDS (1800) for the
 * exporter: a slow engine is measured rather than cut off (its failed queries are printed).
 *
 *   npm run bench:scale -- --steady-minutes 2      a quick run
 */
import { Command } from 'commander';
import { openDatabase } from '../src/db/open.ts';
import type { Db } from '../src/db/index.ts';
import { measureExporter, type ExporterFigures } from './support/exporter-phase.ts';
import { buildProduct } from './support/exporter-process.ts';
import { fmt, loadAverage, positive } from './support/report.ts';
import { benchServer, ensureDatabase } from './support/bench-cluster.ts';
import { runPeer, type PeerFigures } from './support/peer-phase.ts';
import { enableStatements } from './support/server-stats.ts';
import { seedIfEmpty } from './support/seed-once.ts';

const TARGETS = { fullRefresh: 10, steadyDbTime: 50, rowsRead: 50, p99Ms: 10, rssMb: 250, gaugeAgeSeconds: 60 };

const options = new Command('bench:scale')
  .option('--steady-minutes <n>', 'length of each steady-state window at the 60 s interval', positive, 10)
  .option('--scrapers <n>', 'concurrent /metrics clients in the latency phase', positive, 50)
  .parse(process.argv)
  .opts<{ steadyMinutes: number; scrapers: number }>();

const big = (n: number | undefined): string => (n === undefined || Number.isNaN(n) ? 'n/a' : Math.round(n).toLocaleString('en-GB'));
const verdict = (ok: boolean): string => (ok ? 'ok' : 'MISSES TARGET');
const ratio = (a: number | undefined, b: number | undefined): number => (a === undefined || b === undefined || b === 0 ? Number.NaN : a / b);

function exporterLines(label: string, figures: ExporterFigures): string[] {
  const s = figures.steady;
  return [
    `exporter, ${label}:`,
    `  first refresh after start: ${fmt(figures.firstRefreshSeconds, 2)} s wall until both lanes had run (history lane ${fmt(figures.firstHistorySeconds, 2)} s, safety lane ${fmt(figures.firstSafetySeconds, 2)} s)${figures.failedQueries.length ? `; FAILED queries: ${figures.failedQueries.join(', ')}` : ''}`,
    `  steady state, ${fmt(s.minutes, 2)} min at the 60 s interval, ${s.historyRuns} history and ${s.safetyRuns} safety runs: database time ${fmt(s.dbMsPerMinute, 1)} ms/min (${s.dbSource}), ` +
      `rows read ${big(s.rowsPerMinute)}/min, ${fmt(s.callsPerMinute, 1)} statements/min`,
    `  live gauges' age (time() - data_timestamp_seconds{domain="safety"}), polled every 0.25 s, at most: ${fmt(s.maxGaugeAgeSeconds, 2)} s (longest safety run ${fmt(s.safetyRunSeconds, 2)} s)  target <= ${TARGETS.gaugeAgeSeconds} s: ${verdict(s.maxGaugeAgeSeconds <= TARGETS.gaugeAgeSeconds)}`,
  ];
}

function peerLines(peer: PeerFigures): string[] {
  return [
    `straightforward SQL (7 plain queries, 7d and 28d, every location), full run per scrape, on 120 days:`,
    ...peer.runs.map(
      (run, i) =>
        `  run ${i + 1}${i === 0 ? ' (cold)' : ' (warm)'}: wall ${fmt(run.wallMs / 1000, 2)} s, database time ${fmt(run.dbMs, 0)} ms (${run.dbSource}), rows read ${big(run.rowsRead)}  [${run.perQuery.map((q) => `${q.indicator} ${fmt(q.wallMs / 1000, 2)} s`).join(', ')}]`,
    ),
  ];
}

async function main(): Promise<void> {
  process.stdout.write('building the exporter (the benchmark runs it compiled, as it ships)\n');
  await buildProduct();
  const server = await benchServer('ecm_bench');
  const url120 = server.url;
  const url60 = server.urlOf(`${decodeURIComponent(new URL(url120).pathname.slice(1))}_60d`);
  const opened: Db[] = [];
  try {
    process.stdout.write(`bench:scale on ${server.describe}; load average ${loadAverage()}\n`);
    for (const [url, liveDays] of [
      [url120, 120],
      [url60, 60],
    ] as const) {
      await ensureDatabase(url);
      await seedIfEmpty(url, liveDays, (line) => process.stdout.write(`  ${line}\n`));
    }
    const monitor120 = await openDatabase(url120, { max: 2 });
    opened.push(monitor120);
    const monitor60 = await openDatabase(url60, { max: 1 });
    opened.push(monitor60);
    const statements = (await enableStatements(monitor120)) && (await enableStatements(monitor60));
    process.stdout.write(
      `database time from ${statements ? 'pg_stat_statements (total_exec_time)' : "the exporter's refresh wall times (pg_stat_statements not preloaded)"}\n`,
    );

    const on120 = await measureExporter(url120, monitor120, { steadyMinutes: options.steadyMinutes, scrapers: options.scrapers, statements });
    process.stdout.write(`${exporterLines('120 days of history', on120).join('\n')}\n`);
    const on60 = await measureExporter(url60, monitor60, { steadyMinutes: options.steadyMinutes, scrapers: 0, statements });
    process.stdout.write(`${exporterLines('60 days of history (same homes)', on60).join('\n')}\n`);
    const peer = await runPeer(monitor120, statements);
    process.stdout.write(`${peerLines(peer).join('\n')}\n`);

    const warm = peer.runs.at(-1);
    const latency = on120.latency;
    const fullRatio = ratio(warm?.wallMs, on120.firstRefreshSeconds * 1000);
    const dbRatio = ratio(warm?.dbMs, on120.steady.dbMsPerMinute);
    const rowsRatio = ratio(warm?.rowsRead, on120.steady.rowsPerMinute);
    process.stdout.write(
      [
        `ratios (straightforward per scrape, warm, over the exporter on 120 days):`,
        `  full refresh: ${fmt(fullRatio)}x  target >= ${TARGETS.fullRefresh}x: ${verdict(fullRatio >= TARGETS.fullRefresh)}`,
        `  steady-state database time (per scrape at a 60 s interval over per minute): ${fmt(dbRatio)}x  target >= ${TARGETS.steadyDbTime}x: ${verdict(dbRatio >= TARGETS.steadyDbTime)}`,
        `  rows read (per scrape over per minute): ${fmt(rowsRatio)}x  target >= ${TARGETS.rowsRead}x: ${verdict(rowsRatio >= TARGETS.rowsRead)}`,
        `history length, 120 over 60 days, steady state (flat = about 1): database time ${fmt(ratio(on120.steady.dbMsPerMinute, on60.steady.dbMsPerMinute), 2)}x, rows read ${fmt(ratio(on120.steady.rowsPerMinute, on60.steady.rowsPerMinute), 2)}x`,
        latency
          ? `/metrics with ${options.scrapers} concurrent scrapers (each every ${latency.gapMs} ms) over ${fmt(latency.seconds, 0)} s, ${latency.historyRuns} history runs completed in it (at the 60 s interval a run starts or is running in any 65 s): ${latency.requests} scrapes, p50 ${fmt(latency.p50, 2)} ms, p99 ${fmt(latency.p99, 2)} ms, max ${fmt(latency.max, 1)} ms  target p99 < ${TARGETS.p99Ms} ms: ${verdict(latency.p99 < TARGETS.p99Ms)}`
          : '/metrics latency: not measured',
        `exporter peak RSS (VmHWM), 120 days: ${fmt(on120.peakRssMb)} MB, 60 days: ${fmt(on60.peakRssMb)} MB  target < ${TARGETS.rssMb} MB: ${verdict(Math.max(on120.peakRssMb, on60.peakRssMb) < TARGETS.rssMb)}`,
        `load average at the end ${loadAverage()}`,
        '',
      ].join('\n'),
    );
  } finally {
    for (const db of opened) await db.close();
    server.stop();
  }
}

try {
  await main();
} catch (error) {
  process.stderr.write(`bench:scale: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
