import type { Command } from 'commander';
import { databaseUrlOption, openDatabase } from '../db/open.ts';
import { migrateReferenceSchema } from '../migrate.ts';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('create or update the reference `ecm` schema (idempotent)')
    .addOption(databaseUrlOption('PostgreSQL URL (or DATABASE_URL)', process.env.DATABASE_URL, 'DATABASE_URL').makeOptionMandatory())
    .action(async (options: { databaseUrl: string }) => {
      const db = await openDatabase(options.databaseUrl);
      try {
        const applied = await migrateReferenceSchema(db);
        process.stdout.write(`migrated: ${applied.join(', ')}\n`);
      } finally {
        await db.close();
      }
    });
}
