import type { Command } from 'commander';
import { governanceDatabaseUrl, migrateGovernanceStore, openGovernanceStore } from '../governance/store.ts';

export function registerMigrateGovernance(program: Command): void {
  program
    .command('migrate-governance')
    .description('create or update the governance store, schema `adoption` (idempotent)')
    .option('--database-url <url>', 'governance store URL (or GOVERNANCE_DATABASE_URL, else DATABASE_URL)', governanceDatabaseUrl(process.env))
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
