import type { Command } from 'commander';
import { invocationDir, loadConfig, type ValidatedConfig } from '../config/index.ts';
import { createPgDb } from '../db/pg.ts';
import type { Db } from '../db/types.ts';
import { refreshBudget } from '../runtime/budget.ts';
import { systemClock } from '../runtime/clock.ts';
import { createDomainPipeline, indicatorSummaries } from '../runtime/domain-pipeline.ts';
import { closeOnSignal, createLogger, startService } from '../server.ts';

/**
 * The pools of `serve`. Nothing connects here: a database that is down at start is
 * retried by the schedule (with backoff), while /metrics already answers with the
 * health metrics at 0 and /readyz 503, so an orchestrator restarting the exporter in
 * a loop is never what brings it back.
 */
function openPools(config: ValidatedConfig, url: string): { db: Db; safetyDb: Db; governanceDb: Db | undefined } {
  const { queryTimeoutMs, connectTimeoutMs } = refreshBudget(config.refresh);
  // Connections live across a refresh interval, so a steady exporter does not reconnect every run.
  const common = { connectTimeoutMs, queryTimeoutMs, idleTimeoutMs: Math.max(10_000, 2 * config.refresh.intervalSeconds * 1000) };
  const db = createPgDb({ connectionString: url, max: config.database.poolSize, ...common });
  // One more connection, for the live safety gauges alone: indicator queries can never occupy it.
  const safetyDb = createPgDb({ connectionString: url, max: 1, applicationName: 'ecm-adoption-exporter safety', ...common });
  // A separate governance store only when it is another database; otherwise the units share `db`.
  const governanceUrl = config.database.governanceUrl;
  const governanceDb = governanceUrl !== undefined && governanceUrl !== url ? createPgDb({ connectionString: governanceUrl, max: config.database.poolSize, ...common }) : undefined;
  return { db, safetyDb, governanceDb };
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the indicators of an ECM database (DATABASE_URL) on /metrics')
    .option('--config <file>', 'YAML config file (default: CONFIG_FILE, else documented defaults)', process.env.CONFIG_FILE || undefined)
    .option('--port <n>', 'HTTP port (overrides PORT and the file)')
    .action(async (options: { config?: string; port?: string }) => {
      const config = await loadConfig({ file: options.config, baseDir: invocationDir(), env: process.env, flags: { port: options.port }, requireDatabaseUrl: true });
      const url = config.database.url;
      if (url === undefined) throw new Error('database.url missing after validation'); // validation requires it
      const logger = createLogger(config.logLevel);
      const pools = openPools(config, url);
      const service = await startService({
        ...pools,
        pipeline: createDomainPipeline(config.indicators),
        indicators: indicatorSummaries(),
        clock: systemClock(),
        logger,
        listenAddress: config.server.listenAddress,
        port: config.server.port,
        refreshIntervalSeconds: config.refresh.intervalSeconds,
        statementTimeoutMs: config.refresh.statementTimeoutMs,
        concurrency: config.database.poolSize,
        deadlinesMs: refreshBudget(config.refresh).deadlinesMs,
        mode: `serve (${config.source})`,
      }).catch(async (error: unknown) => {
        await Promise.all([pools.db.close(), pools.safetyDb.close(), pools.governanceDb?.close()]);
        throw error;
      });
      process.stdout.write(`ecm-adoption-exporter: serving ${service.url}metrics (config ${config.source})\n`);
      void service.ready.then(() => logger.info({ seconds: process.uptime() }, 'live safety gauges read: ready'));
      await closeOnSignal(service, logger);
      process.exit(0);
    });
}
