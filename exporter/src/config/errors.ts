import { UserError } from '../errors.ts';

export interface ConfigProblem {
  /** Where: a dotted path in the config file (`indicators.minCohort`), `env NAME` or a flag. */
  path: string;
  message: string;
}

/** Every problem of the config at once, one per line, each with its path. Exit code 2. */
export class ConfigError extends UserError {
  constructor(
    readonly source: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`invalid configuration ${source} (${count}):\n${problems.map((p) => `  - ${p.path}: ${p.message}`).join('\n')}`);
  }
}
