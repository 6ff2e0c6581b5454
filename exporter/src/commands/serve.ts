import type { Command } from 'commander';
import { invocationDir, loadConfig } from '../config/index.ts';
import { openDatabase } from '../db/open.ts';
import { systemClock } from '../runtime/clock.ts';
import { createDomainPipeline, indicatorSummaries } from '../runtime/domain-pipeline.ts';
import { evidenceEndpoint } from '../evidence/http.ts';
import { openEvidenceDatabases } from '../evidence/sources.ts';
import { closeOnSignal, createLogger, exporterVersion, startService } from '../server.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the indicators of an ECM database (DATABASE_URL) on /metrics')
    .option('--config <file>', 'YAML config file (default: CONFIG_FILE, else documented defaults)', process.env.CONFIG_FILE || undefined)
    .option('--port <n>', 'HTTP port (overrides PORT and the file)')
    .action(async (options: { config?: string; port?: string }) => {
      const config = await loadConfig({ file: options.config, baseDir: invocationDir(), env: process.env, flags: { port: options.port }, requireDatabaseUrl: true });
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
      // GET /evidence reads through connections of its own: a pack never takes the refresh's.
      const evidenceDbs = await openEvidenceDatabases(config.database.url, config.database.governanceUrl).catch(async (error: unknown) => {
        await Promise.all([db.close(), governanceDb?.close()]);
        throw error;
      });
      const clock = systemClock();
      const service = await startService({
        db,
        governanceDb,
        pipeline: createDomainPipeline(config.indicators),
        indicators: indicatorSummaries(),
        clock,
        logger,
        listenAddress: config.server.listenAddress,
        port: config.server.port,
        refreshIntervalSeconds: config.refresh.intervalSeconds,
        statementTimeoutMs: config.refresh.statementTimeoutMs,
        concurrency: config.database.poolSize,
        mode: `serve (${config.source})`,
        evidence: evidenceEndpoint({
          databases: evidenceDbs,
          settings: config.indicators,
          statementTimeoutMs: config.refresh.statementTimeoutMs,
          clock,
          version: exporterVersion(),
          logger,
        }),
      }).catch(async (error: unknown) => {
        await Promise.all([db.close(), governanceDb?.close(), evidenceDbs.close()]);
        throw error;
      });
      process.stdout.write(`ecm-adoption-exporter: serving ${service.url}metrics (config ${config.source})\n`);
      void service.firstRefresh.then(() => logger.info({ seconds: process.uptime() }, 'first refresh done: ready'));
      await closeOnSignal(service, logger);
      await evidenceDbs.close();
    });
}
