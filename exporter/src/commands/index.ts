import type { Command } from 'commander';
import { registerMigrate } from './migrate.ts';
import { registerSeed } from './seed.ts';
import { registerServe } from './serve.ts';
import { registerCheckConfig } from './check-config.ts';
import { registerDemo } from './demo.ts';
import { registerImport } from './import.ts';
import { registerMigrateGovernance } from './migrate-governance.ts';
import { registerEvidencePack } from './evidence-pack.ts';
import { registerIssueLogReceiver } from './issue-log-receiver.ts';
import { registerBackfill } from './backfill.ts';

/** Every CLI command, registered in this order (the help lists them so). */
export const COMMANDS: ReadonlyArray<(program: Command) => void> = [
  registerMigrate,
  registerSeed,
  registerServe,
  registerDemo,
  registerCheckConfig,
  registerMigrateGovernance,
  registerImport,
  registerEvidencePack,
  registerBackfill,
  registerIssueLogReceiver,
];
