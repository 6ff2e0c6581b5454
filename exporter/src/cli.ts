import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.ts';
import { scrubSecrets, UserError } from './errors.ts';

/** Builds the CLI; `main` below owns the process (argv, exit codes). */
export function buildProgram(): Command {
  const program = new Command('ecm-adoption-exporter')
    .description('ECM adoption indicators for adult social care, as Prometheus metrics')
    .showHelpAfterError()
    .exitOverride();
  for (const register of COMMANDS) register(program);
  return program;
}

/**
 * The database URLs of this run (environment and --database-url). Errors are
 * printed through scrubSecrets with each, so a message that quotes a URL or a
 * password (a driver's error text, an unexpected stack) never shows it.
 */
function urlsOf(argv: readonly string[], env: NodeJS.ProcessEnv): string[] {
  const fromFlags = argv.flatMap((arg, i) =>
    arg === '--database-url' ? [argv[i + 1] ?? ''] : arg.startsWith('--database-url=') ? [arg.slice('--database-url='.length)] : [],
  );
  return [env.DATABASE_URL, env.GOVERNANCE_DATABASE_URL, ...fromFlags].filter((url): url is string => url !== undefined && url !== '');
}

async function main(argv: string[]): Promise<void> {
  const urls = urlsOf(argv, process.env);
  const scrub = (text: string): string => urls.reduce((scrubbed, url) => scrubSecrets(scrubbed, url), text);
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    if (error instanceof UserError) {
      process.stderr.write(`ecm-adoption-exporter: ${scrub(error.message)}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write(`ecm-adoption-exporter: unexpected error: ${scrub(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`);
    process.exitCode = 1;
  }
}

await main(process.argv);
