import type { Command } from 'commander';
import { invocationDir, loadConfig } from '../config/index.ts';
import { redactUrl } from '../errors.ts';
import { loadWebConfig, type WebConfig } from '../web/index.ts';

export function registerCheckConfig(program: Command): void {
  program
    .command('check-config')
    .description('validate a config file (with the environment overrides) and exit: 0 when valid, 2 listing every problem')
    .argument('<file>', 'YAML config file')
    .action(async (file: string) => {
      const config = await loadConfig({ file, baseDir: invocationDir(), env: process.env, requireDatabaseUrl: false });
      // The web config named by server.webConfigFile or WEB_CONFIG_FILE is checked as serve would check it.
      const web = await loadWebConfig(config.server.webConfigFile);
      const pins = Object.keys(config.indicators.phasePins).length;
      const database = config.database.url ? redactUrl(config.database.url) : 'DATABASE_URL needed at serve time';
      const { governanceUrl } = config.database;
      // Named only when the governance store is a database of its own (otherwise it is the ECM database).
      const governance = governanceUrl && governanceUrl !== config.database.url ? `, governance store ${redactUrl(governanceUrl)}` : '';
      process.stdout.write(
        `OK ${file}: listen ${config.server.listenAddress}:${config.server.port}, refresh every ${config.refresh.intervalSeconds} s, ` +
          `statement timeout ${config.refresh.statementTimeoutMs} ms, pool ${config.database.poolSize}, ` +
          `${Object.keys(config.indicators.thresholds).length} indicators, min cohort ${config.indicators.minCohort}, ` +
          `${pins} pinned location${pins === 1 ? '' : 's'}, database ${database}${governance}${describeWeb(web)}\n`,
      );
    });
}

function describeWeb(web: WebConfig): string {
  if (web.source === undefined) return '';
  const users = web.basicAuthUsers.size;
  return `, web config ${web.source}: ${web.tls ? `https (client certificates: ${web.tls.policy.clientAuth})` : 'plain http'}, ${users} basic auth user${users === 1 ? '' : 's'}`;
}
