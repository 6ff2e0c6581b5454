/**
 * npm run bench:latency -- --database-url postgres://…/ecm_bench — /metrics latency while the
 * history lane runs: the exporter (`serve`, the default 60 s interval) against an existing,
 * already seeded database (the large profile of bench:scale, for instance), scraped by
 * --scrapers concurrent clients (each every second, gzip accepted, keep-alive, as
 * Prometheus does) in two phases:
 *
 *   1. from the first answer until the first history run has completed (it reads all the
 *      history since go-live);
 *   2. --steady-minutes of steady refreshes (a history run every 60 s).
 *
 * For each phase: scrape latency p50/p99/max, and how long the exporter's event loop was
 * held (perf_hooks' event-loop delay at 1 ms resolution, measured inside the exporter by
 * bench/support/loop-delay-probe.ts): p99 and max. A scrape is answered from the snapshot,
 * so its latency beyond a millisecond or two is time spent waiting for the event loop.
 *
 * --cpu-prof-dir <dir> writes a V8 CPU profile of the exporter there when it stops (open it
 * in Chrome's DevTools, Performance tab), to see what holds the loop.
 * BENCH_DATABASE_URL stands for --database-url. The database is only read.
 */
import { Command } from 'commander';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProduct, percentile, PRODUCT_ENTRY, sample, scrapeUntil, startExporter, waitFor, type RunningExporter } from './support/exporter-process.ts';
import { LOOP_DELAY_PROBE, readLoopDelay, type LoopDelay } from './support/loop-delay.ts';
import { fmt, loadAverage, positive } from './support/report.ts';

const TARGET_P99_MS = 10;
const INTERVAL_SECONDS = 60;

const options = new Command('bench:latency')
  .option('--database-url <url>', 'the seeded ECM database (read only); default BENCH_DATABASE_URL')
  .option('--scrapers <n>', 'concurrent /metrics clients', positive, 50)
  .option('--steady-minutes <n>', 'length of the steady phase at the 60 s interval', positive, 3)
  .option('--cpu-prof-dir <dir>', "write a CPU profile of the exporter's run into this directory")
  .parse(process.argv)
  .opts<{ databaseUrl?: string; scrapers: number; steadyMinutes: number; cpuProfDir?: string }>();

const historyRuns = (text: string): number => sample(text, 'ecm_adoption_exporter_refreshes_total', 'lane="history"');

interface Phase {
  name: string;
  seconds: number;
  historyRuns: number;
  /** Wall time of the last history run in the phase, from the exporter's self-metrics. */
  historySeconds: number;
  latencies: number[];
  /** Scrapes that failed (their error messages, each once), not in the latencies. */
  failed: number;
  errors: Set<string>;
  loop: LoopDelay;
}

/** Scrapes until `done(latest /metrics text)`, polled every 500 ms apart from the scrapers. */
async function phase(exporter: RunningExporter, file: string, name: string, done: (text: string) => boolean): Promise<Phase> {
  const started = performance.now();
  const errors = new Set<string>();
  let failed = 0;
  const onError = (error: unknown): void => {
    failed += 1;
    errors.add(error instanceof Error ? error.message : String(error));
  };
  const before = await exporter.scrape();
  let latest = before;
  let finished = done(before);
  const watching = (async () => {
    while (!finished) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      // A failed poll is counted like a failed scrape; the exporter having exited still ends the run.
      latest = await exporter.scrape().catch((error: unknown) => {
        if (exporter.exitCode() !== null) throw error;
        onError(error);
        return latest;
      });
      finished = done(latest);
    }
  })();
  const [latencies] = await Promise.all([scrapeUntil(exporter.metricsUrl, options.scrapers, 1000, () => finished, onError), watching]);
  const loop = await readLoopDelay(exporter.pid, file);
  return {
    name,
    seconds: (performance.now() - started) / 1000,
    historyRuns: historyRuns(latest) - (historyRuns(before) || 0),
    historySeconds: sample(latest, 'ecm_adoption_exporter_refresh_duration_seconds', 'lane="history"'),
    latencies,
    failed,
    errors,
    loop,
  };
}

function phaseLine({ name, seconds, historyRuns: runs, historySeconds, latencies, failed, errors, loop }: Phase): string {
  const p99 = percentile(latencies, 99);
  const slow = latencies.filter((ms) => ms >= TARGET_P99_MS).length;
  return [
    `${name}: ${fmt(seconds, 0)} s, ${runs} history run(s) completed (the last took ${fmt(historySeconds, 1)} s)`,
    `  /metrics, ${latencies.length} scrapes: p50 ${fmt(percentile(latencies, 50), 2)} ms, p99 ${fmt(p99, 2)} ms, max ${fmt(latencies.at(-1) ?? Number.NaN, 1)} ms; ` +
      `${slow} (${fmt((100 * slow) / Math.max(1, latencies.length), 2)} %) took ${TARGET_P99_MS} ms or more  target p99 < ${TARGET_P99_MS} ms: ${p99 < TARGET_P99_MS ? 'ok' : 'MISSES TARGET'}`,
    `  event-loop delay: p50 ${fmt(loop.p50, 2)} ms, p99 ${fmt(loop.p99, 2)} ms, max ${fmt(loop.max, 1)} ms (${loop.samples} samples)`,
    ...(failed > 0 ? [`  ${failed} scrapes FAILED: ${[...errors].join('; ')}`] : []),
  ].join('\n');
}

async function main(): Promise<void> {
  const url = options.databaseUrl ?? process.env.BENCH_DATABASE_URL;
  if (!url) throw new Error('give the seeded database: --database-url <postgres://…> or BENCH_DATABASE_URL');
  await buildProduct(); // PRODUCT_ENTRY runs the compiled build
  const scratch = await mkdtemp(join(tmpdir(), 'ecm-latency-'));
  const file = join(scratch, 'loop-delay.json');
  const profile = options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : [];
  process.stdout.write(`bench:latency on ${new URL(url).host}${new URL(url).pathname}, ${options.scrapers} scrapers; load average ${loadAverage()}\n`);
  const exporter = await startExporter(
    url,
    {
      REFRESH_INTERVAL_SECONDS: String(INTERVAL_SECONDS),
      STATEMENT_TIMEOUT_MS: process.env.STATEMENT_TIMEOUT_MS ?? '600000',
      REFRESH_DEADLINE_SECONDS: process.env.REFRESH_DEADLINE_SECONDS ?? '1800',
      LOOP_DELAY_FILE: file,
    },
    // The probe and the profiler's flags go between tsx and the product's entry point.
    { entry: [...PRODUCT_ENTRY.slice(0, -1), ...LOOP_DELAY_PROBE, ...profile, ...PRODUCT_ENTRY.slice(-1)] },
  );
  try {
    await waitFor(exporter, () => true, 60_000, 'the exporter answering /metrics');
    await readLoopDelay(exporter.pid, file); // start and module loading are not a phase
    const first = await phase(exporter, file, 'first refresh (from the first answer until the first history run completed)', (text) => historyRuns(text) >= 1);
    process.stdout.write(`${phaseLine(first)}\n`);
    const end = performance.now() + options.steadyMinutes * 60_000;
    const steady = await phase(exporter, file, `steady refreshes at the ${INTERVAL_SECONDS} s interval`, () => performance.now() >= end);
    process.stdout.write(`${phaseLine(steady)}\n`);
    process.stdout.write(`exporter peak RSS (VmHWM) ${fmt(await exporter.peakRssMb())} MB; load average at the end ${loadAverage()}\n`);
  } finally {
    await exporter.stop();
    await rm(scratch, { recursive: true, force: true });
  }
  if (options.cpuProfDir) process.stdout.write(`CPU profile written to ${options.cpuProfDir}\n`);
}

try {
  await main();
} catch (error) {
  process.stderr.write(`bench:latency: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
