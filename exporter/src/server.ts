/**
 * The process side of serving, shared by `serve` and `demo`: logger, listen,
 * the first refresh, and graceful shutdown on SIGINT/SIGTERM (stop accepting,
 * let a refresh in flight finish, close the database).
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import type { RequestHandler } from 'express';
import { createApp, type IndicatorSummary } from './app.ts';
import type { LogLevel } from './config/index.ts';
import type { Db } from './db/types.ts';
import { UserError } from './errors.ts';
import { isGovernanceUnitName } from './governance/units.ts';
import type { Clock } from './runtime/clock.ts';
import { createMetricsEndpoint } from './runtime/endpoint.ts';
import type { RefreshPipeline } from './runtime/pipeline.ts';
import { createRefresher, type Refresher } from './runtime/refresher.ts';

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
  db: Db;
  /**
   * A separate governance store (GOVERNANCE_DATABASE_URL): the `governance_*`
   * units run on it, read-only like the rest; closed with `db` on shutdown.
   */
  governanceDb?: Db | undefined;
  pipeline: RefreshPipeline<Settings>;
  indicators: readonly IndicatorSummary[];
  clock: Clock;
  logger: Logger;
  listenAddress: string;
  port: number;
  refreshIntervalSeconds: number;
  statementTimeoutMs: number;
  concurrency: number;
  mode: string;
  /** GET /evidence, computed on demand (src/evidence/http.ts). */
  evidence?: RequestHandler | undefined;
}

export interface Service {
  url: string;
  refresher: Refresher;
  /** Resolves when the first refresh has finished. */
  firstRefresh: Promise<void>;
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

export async function startService<Settings>(options: ServiceOptions<Settings>): Promise<Service> {
  const { db, governanceDb, logger } = options;
  const refresher = createRefresher({
    db,
    dbFor: governanceDb ? (name) => (isGovernanceUnitName(name) ? governanceDb : db) : undefined,
    pipeline: options.pipeline,
    clock: options.clock,
    statementTimeoutMs: options.statementTimeoutMs,
    concurrency: options.concurrency,
    logger,
  });
  const metrics = createMetricsEndpoint({ refresher, clock: options.clock, refreshIntervalSeconds: options.refreshIntervalSeconds, version: exporterVersion() });
  const app = createApp({ metrics, indicators: options.indicators, logger, mode: options.mode, evidence: options.evidence });
  const http = createServer(app);
  let address: AddressInfo;
  try {
    address = await listen(http, options.listenAddress, options.port);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw new UserError(`cannot listen on ${options.listenAddress}:${options.port}: ${code === 'EADDRINUSE' ? 'port already in use (choose another with --port or PORT)' : code}`);
  }
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}/`;
  const firstRefresh = refresher.refresh().then(() => undefined);
  let closing: Promise<void> | undefined;
  return {
    url,
    refresher,
    firstRefresh,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          http.close(() => resolve());
          http.closeIdleConnections();
        });
        await refresher.idle();
        await Promise.all([db.close(), governanceDb?.close()]);
      })();
      return closing;
    },
  };
}

/** Resolves after SIGINT or SIGTERM has closed the service; a second signal exits at once. */
export function closeOnSignal(service: Service, logger: Logger): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = (signal: NodeJS.Signals): void => {
      logger.info({ signal }, 'shutting down');
      process.once(signal, () => process.exit(130));
      service.close().then(resolve, reject);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
