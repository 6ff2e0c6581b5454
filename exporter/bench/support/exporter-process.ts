/**
 * The exporter as a benchmark runs it: `serve` in a child process of its own (so /proc
 * gives its memory), on 127.0.0.1, its /metrics read as text.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Agent, get } from 'node:http';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../test/support/serve-process.ts';
import { processCpuSeconds } from './server-cpu.ts';

export { freePort };

const EXPORTER_DIR = fileURLToPath(new URL('../../', import.meta.url));

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** One sample of the exposition text: `name` with exactly `labels` (`lane="history"`), or unlabelled. */
export function sample(text: string, name: string, labels = ''): number {
  const escaped = labels.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`^${name}${labels ? `\\{${escaped}\\}` : ''} (\\S+)$`, 'm').exec(text);
  return match?.[1] === undefined ? Number.NaN : Number(match[1]);
}

export interface RunningExporter {
  readonly pid: number;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly metricsUrl: string;
  readonly startedAt: number;
  scrape(): Promise<string>;
  /** VmHWM of the process, MB. */
  peakRssMb(): Promise<number>;
  /** The process's exit code once it has exited, null while it runs. */
  exitCode(): number | null;
  /** User + system CPU seconds of the process so far. */
  cpuSeconds(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The product's CLI as it ships, node arguments before `serve --port <n>`: the
 * Dockerfile's ENTRYPOINT (its node flags and the compiled build; see buildProduct).
 * Run through tsx instead, the process also holds the TypeScript loader and its
 * transform cache, about 100 MB an installed exporter never has.
 */
export const PRODUCT_ENTRY: readonly string[] = shippedEntry(readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8'));

/** `ENTRYPOINT ["node", ...flags, "exporter/bin/<cli>.js"]` -> [...flags, "bin/<cli>.js"] (relative to exporter/). */
export function shippedEntry(dockerfile: string): string[] {
  const line = /^ENTRYPOINT (\[.*\])$/m.exec(dockerfile)?.[1];
  const parsed: unknown = line === undefined ? undefined : JSON.parse(line);
  const words = Array.isArray(parsed) ? parsed.filter((word): word is string => typeof word === 'string') : [];
  if (!Array.isArray(parsed) || words.length !== parsed.length || words[0] !== 'node')
    throw new Error('exporter/Dockerfile: no ENTRYPOINT ["node", ...] in exec form to run the exporter as it ships');
  return words.slice(1).map((word) => word.replace(/^exporter\//, ''));
}

/** Compiles the exporter (tsc, as `npm run build`), so PRODUCT_ENTRY runs the current source. */
export async function buildProduct(): Promise<void> {
  const tsc = fileURLToPath(new URL('../../../node_modules/typescript/bin/tsc', import.meta.url));
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: EXPORTER_DIR, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`building the exporter (tsc -p tsconfig.build.json) failed with code ${code}`))));
  });
}

export interface StartOptions {
  /** Node arguments before `serve --port <n>`, relative to exporter/: the product's CLI when absent. */
  entry?: readonly string[];
}

/** Starts `serve` against `databaseUrl` with the given environment on a free 127.0.0.1 port. */
export async function startExporter(
  databaseUrl: string,
  env: Readonly<Record<string, string>>,
  { entry = PRODUCT_ENTRY }: StartOptions = {},
): Promise<RunningExporter> {
  const port = await freePort();
  const startedAt = performance.now();
  // node --import tsx: one process, so /proc/<pid> is the exporter itself.
  const child: ChildProcess = spawn(process.execPath, [...entry, 'serve', '--port', String(port)], {
    cwd: EXPORTER_DIR,
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl, LISTEN_ADDRESS: '127.0.0.1', LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const metricsUrl = `${url}/metrics`;
  return {
    pid: child.pid ?? 0,
    url,
    metricsUrl,
    startedAt,
    async scrape() {
      if (child.exitCode !== null) throw new Error(`the exporter exited with code ${child.exitCode}`);
      const response = await fetch(metricsUrl);
      return response.text();
    },
    async peakRssMb() {
      const status = await readFile(`/proc/${child.pid ?? 0}/status`, 'utf8');
      return Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1]) / 1024;
    },
    exitCode: () => child.exitCode,
    cpuSeconds: () => Promise.resolve(processCpuSeconds(child.pid ?? 0) ?? Number.NaN),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Polls /readyz until it answers 200; the process exiting meanwhile is an error at once. */
export async function waitReady(exporter: RunningExporter, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (exporter.exitCode() !== null) throw new Error(`the exporter exited with code ${exporter.exitCode()}`);
    if (
      (await fetch(`${exporter.url}/readyz`).then(
        (response) => response.status,
        () => 0,
      )) === 200
    )
      return;
    await pause(200);
  }
  throw new Error(`the exporter was not ready within ${Math.round(timeoutMs / 1000)} s`);
}

/** Polls /metrics until `done(text)`; the exporter not answering yet (starting) is not an error. */
export async function waitFor(exporter: RunningExporter, done: (text: string) => boolean, timeoutMs: number, what: string): Promise<string> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const text = await exporter.scrape().catch((error: unknown) => {
      if (error instanceof Error && error.message.startsWith('the exporter exited')) throw error;
      return '';
    });
    if (text && done(text)) return text;
    await pause(100);
  }
  throw new Error(`${what}: not within ${Math.round(timeoutMs / 1000)} s`);
}

/** One keep-alive GET with gzip accepted (as Prometheus does); its latency in ms. */
function timedGet(url: string, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = get(url, { agent, headers: { 'accept-encoding': 'gzip' } }, (response) => {
      response.resume();
      response.on('end', () =>
        response.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`/metrics answered ${response.statusCode}`)),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

/** `clients` keep-alive connections, each scraping then pausing `gapMs`, for `seconds`: sorted latencies (ms). */
export async function pacedScrapes(metricsUrl: string, clients: number, gapMs: number, seconds: number): Promise<number[]> {
  const end = performance.now() + seconds * 1000;
  return scrapeUntil(metricsUrl, clients, gapMs, () => performance.now() >= end);
}

/**
 * The same as pacedScrapes, until `done()` says so (checked before each scrape): sorted
 * latencies (ms). A failed scrape rejects, unless `onError` takes it (the client goes on).
 */
export async function scrapeUntil(
  metricsUrl: string,
  clients: number,
  gapMs: number,
  done: () => boolean,
  onError?: (error: unknown) => void,
): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const latencies: number[] = [];
  try {
    await Promise.all(
      Array.from({ length: clients }, async (_, index) => {
        await pause((gapMs * index) / clients); // spread the clients over the gap
        while (!done()) {
          const latency = await timedGet(metricsUrl, agent).catch((error: unknown) => {
            if (!onError) throw error;
            onError(error);
          });
          if (latency !== undefined) latencies.push(latency);
          await pause(gapMs);
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  return latencies.sort((a, b) => a - b);
}
