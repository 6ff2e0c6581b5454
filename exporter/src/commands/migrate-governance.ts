import type { Command } from 'commander';
import { databaseUrlOption } from '../db/open.ts';
import { governanceDatabaseUrl, migrateGovernanceStore, openGovernanceStore } from '../governance/store.ts';

export function registerMigrateGovernance(program: Command): void {
  program
    .command('migrate-governance')
    .description('create or update the governance store, schema `adoption` (idempotent)')
    .addOption(databaseUrlOption('governance store URL (or GOVERNANCE_DATABASE_URL, else DATABASE_URL)', governanceDatabaseUrl(process.env), 'GOVERNANCE_DATABASE_URL, else DATABASE_URL'))
    .action(async (options: { databaseUrl?: string }) => {
      const db = await openGovernanceStore(options.databaseUrl);
      try {
        const applied = await migrateGovernanceStore(db);
        process.stdout.write(`migrated: ${applied.join(', ')}\n`);
      } finally {
        await db.close();
      }
    });
}
