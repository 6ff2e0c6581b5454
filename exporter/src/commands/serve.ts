import type { Command } from 'commander';
import { setFlagsFromString } from 'node:v8';
import { invocationDir, loadConfig } from '../config/index.ts';
import { openServePools } from '../db/pools.ts';
import { refreshBudget } from '../runtime/budget.ts';
import { systemClock } from '../runtime/clock.ts';
import { createDomainPipeline, indicatorSummaries } from '../runtime/domain-pipeline.ts';
import { evidenceEndpoint } from '../evidence/http.ts';
import { createEvidenceDatabases } from '../evidence/sources.ts';
import { closeOnSignal, createLogger, exporterVersion, startService, type ServiceOptions } from '../server.ts';
import { loadWebConfig, WEB_CONFIG_FLAG, WEB_CONFIG_HELP } from '../web/index.ts';

/** What a caller may change of the service `serve` starts (the benchmark's renderer). */
export type ServeOverrides = Pick<ServiceOptions<unknown>, 'metricsEndpoint'>;

export function registerServe(program: Command, overrides: ServeOverrides = {}): void {
  program
    .command('serve')
    .description('serve the indicators of an ECM database (DATABASE_URL) on /metrics')
    .option('--config <file>', 'YAML config file (default: CONFIG_FILE, else documented defaults)', process.env.CONFIG_FILE || undefined)
    .option('--port <n>', 'HTTP port (overrides PORT and the file)')
    .option(WEB_CONFIG_FLAG, WEB_CONFIG_HELP)
    .action(async (options: { config?: string; port?: string; 'web.config.file'?: string }) => {
      keepHeapNearLiveSet();
      const flags = { port: options.port, webConfigFile: options['web.config.file'] };
      const config = await loadConfig({ file: options.config, baseDir: invocationDir(), env: process.env, flags, requireDatabaseUrl: true });
      const webConfig = await loadWebConfig(config.server.webConfigFile);
      const url = config.database.url;
      if (url === undefined) throw new Error('database.url missing after validation'); // validation requires it
      const logger = createLogger(config.logLevel);
      // Nothing connects yet: a database down at start is retried (with backoff) while
      // /metrics already answers with the health at 0 and /readyz 503, so an
      // orchestrator restarting the exporter in a loop is never what brings it back.
      const pools = openServePools({ url, governanceUrl: config.database.governanceUrl, poolSize: config.database.poolSize, refresh: config.refresh });
      // GET /evidence reads through connections of its own: a pack never takes the refresh's.
      const { connectTimeoutMs, queryTimeoutMs } = refreshBudget(config.refresh);
      const evidenceDbs = createEvidenceDatabases(url, config.database.governanceUrl, { connectTimeoutMs, queryTimeoutMs });
      const clock = systemClock();
      const service = await startService({
        ...pools,
        pipeline: createDomainPipeline(config.indicators, { reverifyMinutes: config.refresh.reverifyMinutes, logger }),
        indicators: indicatorSummaries(),
        clock,
        logger,
        listenAddress: config.server.listenAddress,
        port: config.server.port,
        refreshIntervalSeconds: config.refresh.intervalSeconds,
        statementTimeoutMs: config.refresh.statementTimeoutMs,
        concurrency: config.database.poolSize,
        deadlinesMs: refreshBudget(config.refresh).deadlinesMs,
        mode: `serve (${config.source})`,
        ...overrides,
        webConfig,
        evidence: evidenceEndpoint({
          databases: evidenceDbs,
          settings: config.indicators,
          statementTimeoutMs: config.refresh.statementTimeoutMs,
          clock,
          version: exporterVersion(),
          logger,
        }),
      }).catch(async (error: unknown) => {
        await Promise.all([pools.db.close(), pools.safetyDb.close(), pools.governanceDb?.close(), evidenceDbs.close()]);
        throw error;
      });
      process.stdout.write(`ecm-adoption-exporter: serving ${service.url}metrics (config ${config.source})\n`);
      void service.ready.then(() => logger.info({ seconds: process.uptime() }, 'live safety gauges read: ready'));
      await closeOnSignal(service, logger);
      await evidenceDbs.close();
      process.exit(0);
    });
}

/**
 * A refresh that computes everything (the first after a start) reads a few million
 * rows, each an object that lives until its statement ends: V8 then lets the heap
 * grow to about four times what is live before collecting, and the process keeps
 * that memory. Growing by half at most keeps the peak near the live set for a few
 * more collections; the later, incremental refreshes allocate little either way.
 * V8 reads this factor at every collection, so setting it here is enough.
 */
export const HEAP_GROWING_PERCENT = 50;

function keepHeapNearLiveSet(): void {
  if (!process.execArgv.some((arg) => arg.startsWith('--heap-growing-percent'))) setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
