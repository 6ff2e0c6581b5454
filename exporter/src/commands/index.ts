import type { Command } from 'commander';
import { registerMigrate } from './migrate.ts';

/** Every CLI command, registered in this order (the help lists them so). */
export const COMMANDS: ReadonlyArray<(program: Command) => void> = [registerMigrate];
