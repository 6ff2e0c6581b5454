/**
 * The exporter's CLI with `serve` using the hand-written baseline renderer, for the "before"
 * half of `npm run bench`: node --import tsx bench/baseline/serve.ts serve --port <n>, with the
 * environment of `serve`. Every other command is registered as in src/cli.ts, so both halves
 * load the same modules and their memory compares.
 */
import { Command } from 'commander';
import { COMMANDS } from '../../src/commands/index.ts';
import { registerServe } from '../../src/commands/serve.ts';
import { createBaselineEndpoint } from './endpoint.ts';

const program = new Command('ecm-adoption-exporter').exitOverride();
for (const register of COMMANDS) {
  if (register === registerServe) registerServe(program, { metricsEndpoint: createBaselineEndpoint });
  else register(program);
}
await program.parseAsync(process.argv);
