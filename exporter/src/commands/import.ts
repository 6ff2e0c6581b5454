import path from 'node:path';
import { Argument, type Command } from 'commander';
import { importFile } from '../governance/import/importer.ts';
import { isLogName, LOG_NAMES } from '../governance/import/logs.ts';
import { databaseUrlOption } from '../db/open.ts';
import { governanceDatabaseUrl, isSeparateStore, openGovernanceStore } from '../governance/store.ts';
import { UserError } from '../errors.ts';

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('import a governance log from CSV into the governance store (all rows or none; re-import changes nothing)')
    .addArgument(new Argument('<log>', 'which log').choices(LOG_NAMES))
    .argument('<file>', 'CSV file (template: provisioning/templates/<log>.csv)')
    .addOption(
      databaseUrlOption(
        'governance store URL (or GOVERNANCE_DATABASE_URL, else DATABASE_URL)',
        governanceDatabaseUrl(process.env),
        'GOVERNANCE_DATABASE_URL, else DATABASE_URL',
      ),
    )
    .option('--dry-run', 'validate only, write nothing', false)
    .action(async (log: string, file: string, options: { databaseUrl?: string; dryRun: boolean }) => {
      if (!isLogName(log)) throw new UserError(`unknown log "${log}": one of ${LOG_NAMES.join(', ')}`);
      const db = await openGovernanceStore(options.databaseUrl);
      const started = Date.now();
      try {
        // `npm run exporter -- import ...` runs in exporter/; npm's INIT_CWD is where the user typed it.
        const resolved = path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
        const summary = await importFile(db, resolved, {
          log,
          dryRun: options.dryRun,
          now: new Date(),
          separateStore: isSeparateStore(options.databaseUrl, process.env),
          onProgress: (rows) => process.stderr.write(`import ${log}: ${rows} rows read (${((Date.now() - started) / 1000).toFixed(1)} s)\n`),
        });
        const verb = summary.dryRun ? 'dry run, nothing written; would have' : 'done';
        const locations =
          summary.locations.kind === 'ecm'
            ? `checked against ecm.locations (${summary.locations.known} known)`
            : `held to plain ids (${summary.locations.why})`;
        process.stdout.write(
          `import ${log} ${file}: ${summary.rows} rows valid; ${verb} inserted ${summary.inserted}, updated ${summary.updated}, unchanged ${summary.unchanged}; location ids ${locations}\n`,
        );
      } finally {
        await db.close();
      }
    });
}
