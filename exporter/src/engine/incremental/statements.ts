/**
 * Runs a pass's work units as statements of bounded cost, one after another in the
 * pass's transaction (one snapshot). Units are packed until their weight (buckets
 * read) reaches the budget; the budget then follows the time statements take and
 * the rows they return, so a statement lasts about STATEMENT_TARGET_MS at most and
 * returns about STATEMENT_TARGET_ROWS at most whatever the size of a home — far from
 * the statement timeout even for the first refresh, which reads every week since
 * go-live.
 */
import type { Queryable } from '../../db/types.ts';
import { indicatorSqlSettings } from '../domain-units.ts';
import type { IndicatorSettings } from '../../indicators/settings.ts';
import type { Row } from '../../db/types.ts';
import type { PassSpec } from './pass-spec.ts';
import type { RangeSpec, WeekSpec, WorkUnit } from './plan.ts';

export const STATEMENT_TARGET_MS = 1000;
/**
 * And returns at most about this many rows: the driver holds a statement's rows as
 * objects until it ends, which is what bounds the first refresh's memory (a
 * second's worth of detail rows was over a hundred megabytes of them).
 */
export const STATEMENT_TARGET_ROWS = 10_000;
/** Starting budget: about one week of hourly buckets for ten homes. */
const INITIAL_WEIGHT = 1680;
const MIN_WEIGHT = 24;
/**
 * At most about eight weeks of hourly buckets of ten homes in one statement, however
 * fast: the rows of one statement are held in memory together while they are read.
 */
const MAX_WEIGHT = 13_440;

/** The budget of one pass, adapted across its statements and refreshes. */
export interface StatementBudget {
  weight: number;
}

export const newBudget = (): StatementBudget => ({ weight: INITIAL_WEIGHT });

export interface StatementResult {
  ranges: readonly RangeSpec[];
  weeks: readonly WeekSpec[];
  rows: readonly Row[];
}

export interface RunStatementsInput {
  tx: Queryable;
  spec: PassSpec;
  units: readonly WorkUnit[];
  now: Date;
  settings: IndicatorSettings;
  budget: StatementBudget;
  /**
   * Called with each statement's rows as soon as it has run, so the rows of one statement at
   * a time are in memory; the next statement waits until it resolves.
   */
  onStatement(result: StatementResult): void | Promise<void>;
  /** Milliseconds on a monotonic clock, to adapt the budget. */
  monotonicMs(): number;
}

export function statementParams(ranges: readonly RangeSpec[], weeks: readonly WeekSpec[], now: Date, settings: IndicatorSettings): unknown[] {
  return [
    ranges.map((range) => range.location),
    ranges.map((range) => new Date(range.startMs).toISOString()),
    ranges.map((range) => new Date(range.endMs).toISOString()),
    ranges.map((range) => range.bucketSeconds),
    now.toISOString(),
    indicatorSqlSettings(settings),
    ranges.map((range) => range.detail),
    ranges.map((range) => range.role === 'buckets'),
    weeks.map((week) => week.location),
    weeks.map((week) => new Date(week.startMs).toISOString()),
    weeks.map((week) => new Date(week.endMs).toISOString()),
  ];
}

/** Runs the units; returns the number of statements. */
export async function runStatements(input: RunStatementsInput): Promise<number> {
  const { tx, spec, units, now, settings, budget } = input;
  let statements = 0;
  let next = 0;
  while (next < units.length) {
    const ranges: RangeSpec[] = [];
    const weeks: WeekSpec[] = [];
    let weight = 0;
    while (next < units.length && (weight === 0 || weight + (units[next]?.weight ?? 0) <= budget.weight)) {
      const unit = units[next++];
      if (!unit) break;
      ranges.push(...unit.ranges);
      weeks.push(...unit.weeks);
      weight += unit.weight;
    }
    if (ranges.length === 0) continue;
    const started = input.monotonicMs();
    const { rows } = await tx.query(spec.readSql, statementParams(ranges, weeks, now, settings));
    const elapsed = Math.max(1, input.monotonicMs() - started);
    statements += 1;
    await input.onStatement({ ranges, weeks, rows });
    // Only statements near the budget say how much more one could hold; small ones (a refresh's few recent buckets) say little.
    if (weight >= budget.weight / 2 || elapsed > STATEMENT_TARGET_MS || rows.length > STATEMENT_TARGET_ROWS) {
      const scaled = weight * Math.min(STATEMENT_TARGET_MS / elapsed, STATEMENT_TARGET_ROWS / Math.max(1, rows.length));
      budget.weight = Math.round(Math.min(MAX_WEIGHT, Math.max(MIN_WEIGHT, budget.weight / 2, Math.min(budget.weight * 2, scaled))));
    }
  }
  return statements;
}
