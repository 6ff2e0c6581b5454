/**
 * A real Prometheus (Debian `prometheus`, 2.42) for tests: started on a free 127.0.0.1 port
 * in its own process group, its log kept in a file for failure messages, ready before it is
 * handed over, and stopped with SIGTERM then SIGKILL. A start that fails stops what it
 * started; `stop()` belongs in afterAll so the process never outlives the test.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { freePort } from './serve-process.ts';

export const PROMETHEUS = '/usr/bin/prometheus';
export const prometheusMissing = !existsSync(PROMETHEUS);

const READY_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 5_000;

const SampleValue = z.tuple([z.number(), z.string()]);
const Series = z.object({ metric: z.record(z.string(), z.string()), value: SampleValue.optional(), values: z.array(SampleValue).optional() });
export type PromSeries = z.infer<typeof Series>;
const Answer = z.object({ status: z.string(), error: z.string().optional(), data: z.unknown().optional() });
const Vector = z.object({ result: z.array(Series) });
const Targets = z.object({
  activeTargets: z.array(z.object({ labels: z.record(z.string(), z.string()), health: z.string(), lastError: z.string() })),
});
export type ActiveTarget = z.infer<typeof Targets>['activeTargets'][number];

export interface PrometheusOptions {
  /** prometheus.yml, as text. */
  config: string;
  /** Folder for the config, log and (by default) data; a temporary one, removed by stop(), when absent. */
  dir?: string;
  /** --storage.tsdb.path; `<dir>/data` when absent (a backfill moves its blocks in first). */
  dataDir?: string;
  /** --storage.tsdb.retention.time, e.g. 100y so months-old backfilled blocks are kept. */
  retention?: string;
}

export interface PrometheusServer {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** Everything Prometheus wrote so far, for failure messages. */
  log(): string;
  /** An instant query; `time` in Unix seconds, Prometheus' now when absent. */
  query(promql: string, time?: number): Promise<PromSeries[]>;
  /** The value of each series an instant query returns. */
  values(promql: string): Promise<number[]>;
  queryRange(promql: string, range: { start: number; end: number; step: number }): Promise<PromSeries[]>;
  targets(): Promise<ActiveTarget[]>;
  stop(): Promise<void>;
}

/** Starts Prometheus with `config` and resolves once /-/ready answers; stops it if it never does. */
export async function startPrometheus(options: PrometheusOptions): Promise<PrometheusServer> {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(path.join(tmpdir(), 'ecm-prometheus-')));
  const configFile = path.join(dir, 'prometheus.yml');
  await writeFile(configFile, options.config);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(dir, 'prometheus.log');
  const log = createWriteStream(logFile);
  const args = [`--config.file=${configFile}`, `--storage.tsdb.path=${options.dataDir ?? path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`];
  if (options.retention !== undefined) args.push(`--storage.tsdb.retention.time=${options.retention}`);
  // Its own process group, so the group signal reaches it and anything it might start.
  const child = spawn(PROMETHEUS, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  // Two writers into one file: the log is ended by stop(), not by whichever stream ends first.
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<void>((resolve) => {
    // 'close': exited and its output read to the end.
    child.once('close', () => resolve());
    child.once('error', (error) => {
      log.write(`prometheus could not start (apt-get install prometheus): ${error.message}\n`);
      resolve();
    });
  });
  const running = (): boolean => child.pid !== undefined && child.exitCode === null && child.signalCode === null;
  const signal = (name: NodeJS.Signals): void => {
    if (child.pid === undefined || !running()) return;
    try {
      process.kill(-child.pid, name);
    } catch (error) {
      // ESRCH: the group is already gone, which is what stopping wants.
      if (!(error instanceof Error && 'code' in error && error.code === 'ESRCH')) throw error;
    }
  };
  const readLog = (): string => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const stop = async (): Promise<void> => {
    signal('SIGTERM');
    const killer = setTimeout(() => signal('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(killer);
    await new Promise<void>((resolve) => log.end(resolve));
    if (ownDir) await rm(dir, { recursive: true, force: true });
  };
  const server = prometheusClient(url, readLog, stop);
  try {
    await waitReady(url, running, readLog);
  } catch (error) {
    await stop();
    throw error;
  }
  return server;
}

function prometheusClient(url: string, log: () => string, stop: () => Promise<void>): PrometheusServer {
  const api = async (pathAndQuery: string): Promise<unknown> => {
    const response = await fetch(`${url}${pathAndQuery}`);
    const answer = Answer.parse(await response.json());
    if (answer.status !== 'success') throw new Error(`Prometheus ${pathAndQuery}: ${answer.error ?? response.status}`);
    return answer.data;
  };
  const query = async (promql: string, time?: number): Promise<PromSeries[]> =>
    Vector.parse(await api(`/api/v1/query?query=${encodeURIComponent(promql)}${time === undefined ? '' : `&time=${time}`}`)).result;
  return {
    url,
    log,
    query,
    values: async (promql) => (await query(promql)).map((series) => Number(series.value?.[1])),
    queryRange: async (promql, { start, end, step }) =>
      Vector.parse(await api(`/api/v1/query_range?query=${encodeURIComponent(promql)}&start=${start}&end=${end}&step=${step}`)).result,
    targets: async () => Targets.parse(await api('/api/v1/targets')).activeTargets,
    stop,
  };
}

async function waitReady(url: string, running: () => boolean, log: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (!running()) throw new Error(`Prometheus (${PROMETHEUS}) exited before it was ready:\n${log()}`);
    const ready = await fetch(`${url}/-/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    if (Date.now() > deadline) throw new Error(`Prometheus not ready within ${READY_TIMEOUT_MS / 1000} s:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * Polls `probe` until `done` holds or `timeoutMs` passes and returns the last result either
 * way, so the test's own expect() reports what Prometheus last said; a probe that throws
 * gives `fallback`.
 */
export async function pollUntil<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number, fallback: T): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = fallback;
  while (Date.now() < deadline) {
    value = await probe().catch(() => fallback);
    if (done(value)) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return value;
}
