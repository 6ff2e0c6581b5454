/** Small pieces the benchmark scripts print and parse their options with. */
import { InvalidArgumentError } from 'commander';
import { loadavg } from 'node:os';

/** A commander option parser: a positive number, or a clear error naming the option. */
export function positive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number');
  return n;
}

/** A figure to `digits` decimals, `n/a` when there is none. */
export const fmt = (n: number | undefined, digits = 1): string => (n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(digits));

/** The machine's 1, 5 and 15 minute load averages: every figure here depends on them. */
export const loadAverage = (digits = 1): string =>
  loadavg()
    .map((l) => l.toFixed(digits))
    .join(' ');
