/**
 * `serve` with the hand-written baseline renderer, for the "before" half of `npm run bench`:
 * node --import tsx bench/baseline/serve.ts serve --port <n>, with the environment of `serve`.
 */
import { Command } from 'commander';
import { registerServe } from '../../src/commands/serve.ts';
import { createBaselineEndpoint } from './endpoint.ts';

const program = new Command('ecm-adoption-exporter-baseline').exitOverride();
registerServe(program, { metricsEndpoint: createBaselineEndpoint });
await program.parseAsync(process.argv);
