/**
 * The process side of serving, shared by `serve` and `demo`: logger, listen, the
 * refresh schedule, and shutdown on SIGINT/SIGTERM within seconds (stop the
 * schedule, cancel running queries, close HTTP and the databases).
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import { pino, type Logger } from 'pino';
import type { RequestHandler } from 'express';
import { createApp, type IndicatorSummary } from './app.ts';
import type { LogLevel } from './config/index.ts';
import type { Db } from './db/types.ts';
import { UserError } from './errors.ts';
import { refreshBudget } from './runtime/budget.ts';
import { systemTimers, type Clock, type Timers } from './runtime/clock.ts';
import { createMetricsEndpoint, type MetricsEndpoint, type MetricsEndpointOptions } from './runtime/endpoint.ts';
import { createProcessMetrics } from './runtime/process-metrics.ts';
import { LANES, type LaneName, type RefreshPipeline } from './runtime/pipeline.ts';
import { createRefresher, type Refresher } from './runtime/refresher.ts';
import { createHttpServer, logWebSecurity, NO_WEB_CONFIG, urlScheme, type WebConfig } from './web/index.ts';
import { createScheduler } from './runtime/scheduler.ts';

/** Logs go to stderr as JSON lines, so stdout keeps the few lines meant for people. */
export function createLogger(level: LogLevel): Logger {
  return pino({ level, base: { service: 'ecm-adoption-exporter' } }, pino.destination(2));
}

export function exporterVersion(): string {
  const text = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
  const parsed: unknown = JSON.parse(text);
  return parsed !== null && typeof parsed === 'object' && 'version' in parsed && typeof parsed.version === 'string' ? parsed.version : 'unknown';
}

export interface ServiceOptions<Settings> {
  /** The ECM database: the history lane's queries (indicators; governance too unless `governanceDb`). */
  db: Db;
  /**
   * The safety lane's own connection to the ECM database (`serve`: a pool of one, so
   * indicator queries can never occupy it). Default `db` (PGlite has one connection anyway).
   */
  safetyDb?: Db | undefined;
  /**
   * A separate governance store (GOVERNANCE_DATABASE_URL): the governance units run
   * on it, read-only like the rest; closed with `db` on shutdown.
   */
  governanceDb?: Db | undefined;
  pipeline: RefreshPipeline<Settings>;
  indicators: readonly IndicatorSummary[];
  clock: Clock;
  /** The schedule and the deadlines run on these (default: the system's). */
  timers?: Timers;
  logger: Logger;
  listenAddress: string;
  port: number;
  refreshIntervalSeconds: number;
  statementTimeoutMs: number;
  /** History-lane queries in parallel (the pool size; 1 for PGlite). */
  concurrency: number;
  /** Per-lane refresh deadlines (default: refreshBudget() with a 300 s history deadline). */
  deadlinesMs?: Record<LaneName, number>;
  mode: string;
  /** TLS, basic auth and headers (--web.config.file); default: plain HTTP without authentication. */
  webConfig?: WebConfig | undefined;
  /** GET /evidence, computed on demand (src/evidence/http.ts). */
  evidence?: RequestHandler | undefined;
  /**
   * How snapshots become /metrics bodies (default createMetricsEndpoint: prom-client, process
   * metrics included); `npm run bench` passes the hand-written renderer it compares against.
   */
  metricsEndpoint?: ((options: MetricsEndpointOptions) => MetricsEndpoint) | undefined;
}

export interface Service {
  url: string;
  refresher: Refresher;
  /** Resolves when each lane has finished its first run (successfully or not). */
  firstRefresh: Promise<void>;
  /** Resolves when the safety domain has been read once (/readyz 200 from then on). */
  ready: Promise<void>;
  close(): Promise<void>;
}

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error('server has no TCP address'));
      else resolve(address);
    });
  });
}

/** Resolves after `ms` without keeping the process alive. */
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** How long shutdown waits for one part (HTTP connections, a database) before cutting it off. */
const SHUTDOWN_STEP_MS = 2000;

export async function startService<Settings>(options: ServiceOptions<Settings>): Promise<Service> {
  const { db, governanceDb, logger, clock } = options;
  const safetyDb = options.safetyDb ?? db;
  const timers = options.timers ?? systemTimers();
  const deadlinesMs =
    options.deadlinesMs ??
    refreshBudget({ intervalSeconds: options.refreshIntervalSeconds, statementTimeoutMs: options.statementTimeoutMs, deadlineSeconds: 300 }).deadlinesMs;
  const refresher = createRefresher({
    db,
    dbFor: (lane, source) => (lane === 'safety' ? safetyDb : source === 'governance' ? (governanceDb ?? db) : db),
    pipeline: options.pipeline,
    clock,
    timers,
    statementTimeoutMs: options.statementTimeoutMs,
    concurrency: options.concurrency,
    deadlinesMs,
    logger,
  });
  const metrics = (options.metricsEndpoint ?? createMetricsEndpoint)({
    refresher,
    refreshIntervalSeconds: options.refreshIntervalSeconds,
    version: exporterVersion(),
    processMetrics: createProcessMetrics({ monotonicMs: () => clock.monotonicMs() }),
  });
  const app = createApp({ metrics, indicators: options.indicators, logger, mode: options.mode, evidence: options.evidence });
  const web = options.webConfig ?? NO_WEB_CONFIG;
  const http = createHttpServer(app, web, logger);
  let address: AddressInfo;
  try {
    address = await listen(http, options.listenAddress, options.port);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw new UserError(
      `cannot listen on ${options.listenAddress}:${options.port}: ${code === 'EADDRINUSE' ? 'port already in use (choose another with --port or PORT)' : code}`,
    );
  }
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${urlScheme(web)}://${host}:${address.port}/`;
  logWebSecurity(logger, options.listenAddress, web);
  const firstRefresh = new Promise<void>((resolve) => refresher.onSnapshot((snapshot) => LANES.every((lane) => snapshot.lanes[lane]) && resolve()));
  const ready = new Promise<void>((resolve) => refresher.onSnapshot((snapshot) => snapshot.health.dataTimestamp.safety && resolve()));
  // Listening first: a port in use fails before any database work starts.
  const scheduler = createScheduler({
    lanes: LANES,
    run: (lane) => refresher.refreshLane(lane),
    intervalMs: options.refreshIntervalSeconds * 1000,
    freshLanes: ['safety'],
    clock,
    timers,
    logger,
  });
  scheduler.start();
  let closing: Promise<void> | undefined;
  return {
    url,
    refresher,
    firstRefresh,
    ready,
    close() {
      // Within seconds whatever runs: no new run, running queries cancelled (their
      // sockets destroyed where the server does not answer), then HTTP and pools closed.
      closing ??= (async () => {
        scheduler.stop();
        refresher.abort('shutting down');
        const httpClosed = new Promise<void>((resolve) => {
          http.close(() => resolve());
          http.closeIdleConnections();
        });
        const databases = [...new Set([db, safetyDb, governanceDb].filter((candidate): candidate is Db => candidate !== undefined))];
        await Promise.all([
          Promise.race([httpClosed, pause(SHUTDOWN_STEP_MS).then(() => http.closeAllConnections())]),
          // PGlite cannot interrupt a running query; its close is not waited for beyond the step.
          ...databases.map((database) => Promise.race([database.close(), pause(SHUTDOWN_STEP_MS)])),
        ]);
      })();
      return closing;
    },
  };
}

/**
 * Shutdown must be over this long after the signal, whatever still hangs: within the
 * 5 s the exporter promises, and well within Docker's 10 s grace before SIGKILL.
 */
export const SHUTDOWN_LIMIT_MS = 4500;

/**
 * Resolves after SIGINT or SIGTERM has closed the service (the caller then exits 0).
 * A second signal exits at once (130); a shutdown still running at SHUTDOWN_LIMIT_MS exits 0 then.
 */
export function closeOnSignal(service: Service, logger: Logger): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      const started = performance.now();
      const elapsed = (): number => Math.round(performance.now() - started) / 1000;
      logger.info({ signal }, 'shutting down');
      const now = (again: NodeJS.Signals): void => {
        logger.warn({ signal: again }, 'second signal: exiting at once');
        process.exit(130);
      };
      process.once('SIGINT', now);
      process.once('SIGTERM', now);
      setTimeout(() => {
        logger.warn({ seconds: elapsed() }, 'shutdown not finished in time; exiting anyway');
        process.exit(0);
      }, SHUTDOWN_LIMIT_MS).unref();
      service.close().then(() => {
        logger.info({ seconds: elapsed() }, 'shut down');
        resolve();
      }, reject);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
