import type { Command } from 'commander';
import { invocationDir, loadConfig } from '../config/index.ts';
import { openDatabase } from '../db/open.ts';
import { systemClock } from '../runtime/clock.ts';
import { createDomainPipeline, indicatorSummaries } from '../runtime/domain-pipeline.ts';
import { closeOnSignal, createLogger, startService } from '../server.ts';
import { loadWebConfig, WEB_CONFIG_FLAG, WEB_CONFIG_HELP } from '../web/index.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the indicators of an ECM database (DATABASE_URL) on /metrics')
    .option('--config <file>', 'YAML config file (default: CONFIG_FILE, else documented defaults)', process.env.CONFIG_FILE || undefined)
    .option('--port <n>', 'HTTP port (overrides PORT and the file)')
    .option(WEB_CONFIG_FLAG, WEB_CONFIG_HELP)
    .action(async (options: { config?: string; port?: string; 'web.config.file'?: string }) => {
      const flags = { port: options.port, webConfigFile: options['web.config.file'] };
      const config = await loadConfig({ file: options.config, baseDir: invocationDir(), env: process.env, flags, requireDatabaseUrl: true });
      const webConfig = await loadWebConfig(config.server.webConfigFile);
      const logger = createLogger(config.logLevel);
      const db = await openDatabase(config.database.url, { max: config.database.poolSize });
      // A separate governance store only when it is another database; otherwise the units share `db`.
      const separate = config.database.governanceUrl !== undefined && config.database.governanceUrl !== config.database.url;
      const governanceDb = separate
        ? await openDatabase(config.database.governanceUrl, { max: config.database.poolSize }).catch(async (error: unknown) => {
            await db.close();
            throw error;
          })
        : undefined;
      const service = await startService({
        db,
        governanceDb,
        pipeline: createDomainPipeline(config.indicators),
        indicators: indicatorSummaries(),
        clock: systemClock(),
        logger,
        listenAddress: config.server.listenAddress,
        port: config.server.port,
        refreshIntervalSeconds: config.refresh.intervalSeconds,
        statementTimeoutMs: config.refresh.statementTimeoutMs,
        concurrency: config.database.poolSize,
        mode: `serve (${config.source})`,
        webConfig,
      }).catch(async (error: unknown) => {
        await Promise.all([db.close(), governanceDb?.close()]);
        throw error;
      });
      process.stdout.write(`ecm-adoption-exporter: serving ${service.url}metrics (config ${config.source})\n`);
      void service.firstRefresh.then(() => logger.info({ seconds: process.uptime() }, 'first refresh done: ready'));
      await closeOnSignal(service, logger);
    });
}
