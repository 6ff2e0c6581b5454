/**
 * Runs a pass's work units as statements of bounded cost, one after another in the
 * pass's transaction (one snapshot). Units are packed until their weight (buckets
 * read) reaches the budget; the budget then follows the time statements take and
 * the rows they return, so a statement lasts about STATEMENT_TARGET_MS at most and
 * returns about STATEMENT_TARGET_ROWS at most whatever the size of a home — far from
 * the statement timeout even for the first refresh, which reads every week since
 * go-live.
 */
import { eachRow, type Queryable } from '../../db/types.ts';
import { indicatorSqlSettings } from '../domain-units.ts';
import type { IndicatorSettings } from '../../indicators/settings.ts';
import type { Row } from '../../db/types.ts';
import type { PassSpec } from './pass-spec.ts';
import type { RangeSpec, WeekSpec, WorkUnit } from './plan.ts';

export const STATEMENT_TARGET_MS = 1000;
/**
 * And returns at most about this many rows. Rows are handed on as they arrive (see
 * Queryable.eachRow); where the driver holds them until the statement ends (PGlite),
 * this bounds the first refresh's memory (a second's worth of detail rows was over a
 * hundred megabytes of them).
 */
export const STATEMENT_TARGET_ROWS = 10_000;
/** Starting budget: about one week of hourly buckets for ten homes. */
const INITIAL_WEIGHT = 1680;
const MIN_WEIGHT = 24;
/**
 * At most about eight weeks of hourly buckets of ten homes in one statement, however
 * fast: where the driver holds a statement's rows until it ends (PGlite), they are in
 * memory together.
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
  /** Rows the statement returned (each given to the sink `open` returned for it). */
  rows: number;
}

export interface RunStatementsInput {
  tx: Queryable;
  spec: PassSpec;
  units: readonly WorkUnit[];
  now: Date;
  settings: IndicatorSettings;
  budget: StatementBudget;
  /** Called as a statement is sent: what takes each of its rows as it arrives. */
  open(ranges: readonly RangeSpec[], weeks: readonly WeekSpec[]): (row: Row) => void;
  /**
   * Called once a statement has returned all its rows, while the next statement runs;
   * the one after that is sent once it resolves.
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

interface Batch {
  ranges: RangeSpec[];
  weeks: WeekSpec[];
  weight: number;
}

/** Packs units from `next` on until their weight reaches the budget; returns the batch and where the next one starts. */
function nextBatch(units: readonly WorkUnit[], next: number, budget: StatementBudget): { batch: Batch; next: number } {
  const batch: Batch = { ranges: [], weeks: [], weight: 0 };
  let at = next;
  while (at < units.length && (batch.weight === 0 || batch.weight + (units[at]?.weight ?? 0) <= budget.weight)) {
    const unit = units[at++];
    if (!unit) break;
    batch.ranges.push(...unit.ranges);
    batch.weeks.push(...unit.weeks);
    batch.weight += unit.weight;
  }
  return { batch, next: at };
}

/** A statement sent, settled as a value so a failure waits for its turn instead of going unhandled. */
type Sent = Promise<{ rows: number; elapsed: number } | { error: unknown }>;

function send(input: RunStatementsInput, batch: Batch): Sent {
  const started = input.monotonicMs();
  const params = statementParams(batch.ranges, batch.weeks, input.now, input.settings);
  // Opened here, not in the promise: the rows may start to arrive before it settles.
  const sink = input.open(batch.ranges, batch.weeks);
  return eachRow(input.tx, input.spec.readSql, params, sink).then(
    (rows) => ({ rows, elapsed: Math.max(1, input.monotonicMs() - started) }),
    (error: unknown) => ({ error }),
  );
}

/** The next budget after a statement of `weight` that took `elapsed` ms and returned `rows`. */
function adapt(budget: StatementBudget, weight: number, elapsed: number, rows: number): void {
  // Only statements near the budget say how much more one could hold; small ones (a refresh's few recent buckets) say little.
  if (weight >= budget.weight / 2 || elapsed > STATEMENT_TARGET_MS || rows > STATEMENT_TARGET_ROWS) {
    const scaled = weight * Math.min(STATEMENT_TARGET_MS / elapsed, STATEMENT_TARGET_ROWS / Math.max(1, rows));
    budget.weight = Math.round(Math.min(MAX_WEIGHT, Math.max(MIN_WEIGHT, budget.weight / 2, Math.min(budget.weight * 2, scaled))));
  }
}

/**
 * Runs the units; returns the number of statements. Each statement's rows are applied
 * as they arrive; it is sent as soon as the one before has returned, before that one is
 * settled (`onStatement`: a home whose last statement it was becomes its compact
 * series), so the server reads the next while this process settles the last.
 */
export async function runStatements(input: RunStatementsInput): Promise<number> {
  const { units, budget } = input;
  let statements = 0;
  let next = 0;
  const sendNext = (): { batch: Batch; sent: Sent } | undefined => {
    while (next < units.length) {
      const packed = nextBatch(units, next, budget);
      next = packed.next;
      if (packed.batch.ranges.length > 0) return { batch: packed.batch, sent: send(input, packed.batch) };
    }
    return undefined;
  };
  let inFlight = sendNext();
  while (inFlight) {
    const { batch, sent } = inFlight;
    const result = await sent;
    if ('error' in result) throw result.error;
    statements += 1;
    adapt(budget, batch.weight, result.elapsed, result.rows);
    inFlight = sendNext();
    try {
      await input.onStatement({ ranges: batch.ranges, weeks: batch.weeks, rows: result.rows });
    } catch (error) {
      // The statement already sent must end before the caller ends the transaction.
      await inFlight?.sent;
      throw error;
    }
  }
  return statements;
}
