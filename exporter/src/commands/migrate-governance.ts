import type { Command } from 'commander';
import { databaseUrlOption } from '../db/open.ts';
import { governanceDatabaseUrl, migrateGovernanceStore, openGovernanceStore } from '../governance/store.ts';
import { issueLogGrants } from '../issue-log/role.ts';

export function registerMigrateGovernance(program: Command): void {
  program
    .command('migrate-governance')
    .description('create or update the governance store, schema `adoption` (idempotent)')
    .addOption(
      databaseUrlOption(
        'governance store URL (or GOVERNANCE_DATABASE_URL, else DATABASE_URL)',
        governanceDatabaseUrl(process.env),
        'GOVERNANCE_DATABASE_URL, else DATABASE_URL',
      ),
    )
    .option('--issue-log-role <role>', "also grant an existing role the issue-log receiver's privileges (write adoption.adoption_issues only)")
    .action(async (options: { databaseUrl?: string; issueLogRole?: string }) => {
      // Checked before connecting: a bad role name is a typo, not a database problem.
      const grants = options.issueLogRole === undefined ? [] : issueLogGrants(options.issueLogRole);
      const db = await openGovernanceStore(options.databaseUrl);
      try {
        const applied = await migrateGovernanceStore(db);
        process.stdout.write(`migrated: ${applied.join(', ')}\n`);
        if (grants.length > 0) {
          await db.transaction(async (tx) => {
            for (const grant of grants) await tx.query(grant);
          });
          process.stdout.write(`granted ${options.issueLogRole}: INSERT and UPDATE on adoption.adoption_issues (issue-log receiver)\n`);
        }
      } finally {
        await db.close();
      }
    });
}
