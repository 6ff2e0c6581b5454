import type { Command } from 'commander';
import { invocationDir, loadConfig } from '../config/index.ts';
import { createPgliteDb } from '../db/pglite.ts';
import { refreshBudget } from '../runtime/budget.ts';
import { fixedClock, systemClock } from '../runtime/clock.ts';
import { createDomainPipeline, indicatorSummaries } from '../runtime/domain-pipeline.ts';
import { seedGovernanceLogs } from '../seed/governance-logs.ts';
import { seedDatabase } from '../seed/index.ts';
import { evidenceEndpoint } from '../evidence/http.ts';
import { closeOnSignal, createLogger, exporterVersion, startService } from '../server.ts';
import { parseNow } from './seed.ts';
import { loadWebConfig, WEB_CONFIG_FLAG, WEB_CONFIG_HELP } from '../web/index.ts';

/** The demo's data set: the small profile, always the same seed, ending now. */
export const DEMO_SEED = 1;

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('embedded PostgreSQL (PGlite), seeded with the small profile, served on http://127.0.0.1:9187')
    .option('--port <n>', 'HTTP port (overrides PORT; default 9187)')
    .option(WEB_CONFIG_FLAG, WEB_CONFIG_HELP)
    .option('--now <iso>', 'fix the clock: the data end and every refresh computes at this instant (ISO 8601), so /metrics is the same on every run')
    .action(async (options: { port?: string; 'web.config.file'?: string; now?: string }) => {
      // Checked first: a bad --now fails before anything is created.
      const clock = options.now === undefined ? systemClock() : fixedClock(parseNow(options.now));
      // Env overrides (PORT, LOG_LEVEL, MIN_COHORT...) apply; DATABASE_URL is not used: the database is embedded.
      const flags = { port: options.port, webConfigFile: options['web.config.file'] };
      const config = await loadConfig({ file: undefined, baseDir: invocationDir(), env: process.env, flags, requireDatabaseUrl: false });
      const webConfig = await loadWebConfig(config.server.webConfigFile);
      const logger = createLogger(config.logLevel);
      process.stdout.write('ecm-adoption-exporter demo: creating the embedded database and seeding the small profile...\n');
      const db = await createPgliteDb();
      const service = await (async () => {
        const summary = await seedDatabase(db, { profile: 'small', seed: DEMO_SEED, now: clock.now() });
        const logs = await seedGovernanceLogs(db, { profile: 'small', seed: DEMO_SEED, now: clock.now() });
        logger.info({ rows: summary.rows, governanceLogs: logs, elapsedMs: summary.elapsedMs }, 'demo data seeded');
        return startService({
          db,
          pipeline: createDomainPipeline(config.indicators),
          indicators: indicatorSummaries(),
          clock,
          logger,
          listenAddress: config.server.listenAddress,
          port: config.server.port,
          refreshIntervalSeconds: config.refresh.intervalSeconds,
          statementTimeoutMs: config.refresh.statementTimeoutMs,
          deadlinesMs: refreshBudget(config.refresh).deadlinesMs,
          // PGlite runs one query at a time; more would only queue (the two lanes take turns).
          concurrency: 1,
          mode: 'demo (embedded PGlite, small profile)',
          webConfig,
          evidence: evidenceEndpoint({
            databases: {
              ecm: db,
              governance: db,
              ecmSource: 'embedded PGlite (demo, small profile)',
              governanceSource: 'embedded PGlite (demo, small profile)',
            },
            settings: config.indicators,
            statementTimeoutMs: config.refresh.statementTimeoutMs,
            clock,
            version: exporterVersion(),
            logger,
          }),
        });
      })().catch(async (error: unknown) => {
        await db.close();
        throw error;
      });
      process.stdout.write(`ecm-adoption-exporter demo: listening on ${service.url} (metrics at ${service.url}metrics)\n`);
      // Both lanes have run once: the live gauges, and the indicators the landing page lists.
      void service.firstRefresh.then(() => {
        process.stdout.write(`ecm-adoption-exporter demo: ready ${process.uptime().toFixed(1)} s after start\n`);
      });
      await closeOnSignal(service, logger);
      process.exit(0);
    });
}
