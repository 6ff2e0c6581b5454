import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.ts';
import { UserError } from './errors.ts';

/** Builds the CLI; `main` below owns the process (argv, exit codes). */
export function buildProgram(): Command {
  const program = new Command('ecm-adoption-exporter')
    .description('ECM adoption indicators for adult social care, as Prometheus metrics')
    .showHelpAfterError()
    .exitOverride();
  for (const register of COMMANDS) register(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    if (error instanceof UserError) {
      process.stderr.write(`ecm-adoption-exporter: ${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write(`ecm-adoption-exporter: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  }
}

await main(process.argv);
