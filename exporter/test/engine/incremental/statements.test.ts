/**
 * A pass's statements run one after another in its transaction: each row is applied
 * as it arrives, and each statement is sent as soon as the one before has returned,
 * while that one is settled: the order of sending, applying and settling, and what a
 * failure on each side leaves.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { eachRow, type Db, type Queryable, type Row } from '../../../src/db/index.ts';
import { careNotesPass } from '../../../src/engine/incremental/passes/care-notes.ts';
import type { PassSpec } from '../../../src/engine/incremental/pass-spec.ts';
import type { WorkUnit } from '../../../src/engine/incremental/plan.ts';
import { runStatements, type StatementResult } from '../../../src/engine/incremental/statements.ts';
import { DEFAULT_INDICATOR_SETTINGS } from '../../../src/indicators/settings.ts';
import { databaseTargets } from '../../support/databases.ts';

/**
 * Takes every parameter a pass read takes (see pass-spec.ts) and returns one row per
 * range: its ordinal and location. A range of location 'boom' divides by zero.
 */
const ECHO_SQL = `SELECT r.idx::int AS range, r.location_id, CASE WHEN r.location_id = 'boom' THEN 1 / (r.idx - r.idx)::int END AS failed
FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[], $4::int[], $7::boolean[], $8::boolean[])
  WITH ORDINALITY AS r(location_id, starts, ends, bucket_seconds, detail, week_source, idx)
WHERE $5::timestamptz IS NOT NULL AND $6::jsonb IS NOT NULL
  AND cardinality($9::text[]) + cardinality($10::timestamptz[]) + cardinality($11::timestamptz[]) >= 0`;
const spec: PassSpec = { ...careNotesPass, readSql: ECHO_SQL };
const NOW = new Date('2026-03-31T12:00:00Z');

/** The largest budget a statement can have: one such unit per statement, whatever the budget became. */
const FULL_WEIGHT = 13_440;
const unit = (location: string): WorkUnit => ({
  ranges: [{ location, startMs: NOW.getTime() - 3_600_000, endMs: NOW.getTime(), bucketSeconds: 3600, detail: false, role: 'buckets' }],
  weeks: [],
  weight: FULL_WEIGHT,
});

/** `tx` recording when each statement is sent and when it has returned (or failed); its rows go on as they arrive. */
function recording(tx: Queryable, events: string[]): Queryable {
  const logged = <T>(params: readonly unknown[] | undefined, run: () => Promise<T>): Promise<T> => {
    const locations = (params?.[0] as string[]).join(',');
    events.push(`sent ${locations}`);
    return run().then(
      (result) => (events.push(`returned ${locations}`), result),
      (error: unknown) => {
        events.push(`failed ${locations}`);
        throw error;
      },
    );
  };
  return {
    query: <R extends Row = Row>(sql: string, params?: readonly unknown[]) => logged(params, () => tx.query<R>(sql, params)),
    eachRow: (sql, params, onRow) => logged(params, () => eachRow(tx, sql, params, onRow)),
  };
}

const locationsOf = (ranges: StatementResult['ranges']): string => ranges.map((range) => range.location).join(',');

describe.each(databaseTargets())('statements of a pass on $name', (target) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  interface Handlers {
    /** Each row, as it arrives (after it is logged as `row <location>`). */
    onRow?: (location: string) => void;
    /** Once a statement has returned all its rows. */
    onStatement: (result: StatementResult, events: string[]) => void | Promise<void>;
  }

  const run = async (locations: string[], { onRow, onStatement }: Handlers) => {
    db = await target.create();
    const events: string[] = [];
    const outcome = await db
      .readOnly(
        (tx) =>
          runStatements({
            tx: recording(tx, events),
            spec,
            units: locations.map(unit),
            now: NOW,
            settings: DEFAULT_INDICATOR_SETTINGS,
            budget: { weight: FULL_WEIGHT },
            monotonicMs: () => performance.now(),
            open: () => (row) => {
              events.push(`row ${String(row.location_id)}`);
              onRow?.(String(row.location_id));
            },
            onStatement: (result) => onStatement(result, events),
          }),
        { statementTimeoutMs: 30_000 },
      )
      .then(
        (statements) => ({ statements }),
        (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
      );
    return { events, outcome };
  };

  it('applies rows as they arrive, and sends each statement before the one before is settled', async () => {
    const next: Record<string, string> = { a: 'b', b: 'c' };
    const { events, outcome } = await run(['a', 'b', 'c'], {
      async onStatement(result, log) {
        expect(result.rows).toBe(1);
        // Settling lasts until the next statement has returned (5 s at most): it must have been sent already.
        const awaited = `returned ${next[locationsOf(result.ranges)] ?? ''}`;
        for (let waited = 0; waited < 5000 && awaited !== 'returned ' && !log.includes(awaited); waited += 5) {
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        log.push(`settled ${locationsOf(result.ranges)}`);
      },
    });
    expect(outcome).toEqual({ statements: 3 });
    expect(events).toEqual([
      'sent a',
      'row a',
      'returned a',
      'sent b',
      'row b',
      'returned b',
      'settled a',
      'sent c',
      'row c',
      'returned c',
      'settled b',
      'settled c',
    ]);
  });

  it('fails with the statement that failed, after the one before is settled, and sends nothing after it', async () => {
    const { events, outcome } = await run(['a', 'boom', 'c'], {
      onStatement(result, log) {
        log.push(`settled ${locationsOf(result.ranges)}`);
      },
    });
    expect('error' in outcome ? outcome.error : outcome).toMatch(/division by zero/);
    expect(events).toEqual(['sent a', 'row a', 'returned a', 'sent boom', 'settled a', 'failed boom']);
  });

  it('fails with the error of applying a row once its statement has ended, and sends nothing after it', async () => {
    const { events, outcome } = await run(['a', 'b', 'c'], {
      onRow(location) {
        throw new Error(`could not apply ${location}`);
      },
      onStatement(result, log) {
        log.push(`settled ${locationsOf(result.ranges)}`);
      },
    });
    expect(outcome).toEqual({ error: 'could not apply a' });
    expect(events).toEqual(['sent a', 'row a', 'failed a']);
  });

  it('fails with the error of settling, once the statement sent meanwhile has ended', async () => {
    const { events, outcome } = await run(['a', 'b', 'c'], {
      onStatement(result) {
        throw new Error(`could not settle ${locationsOf(result.ranges)}`);
      },
    });
    expect(outcome).toEqual({ error: 'could not settle a' });
    expect(events).toEqual(['sent a', 'row a', 'returned a', 'sent b', 'row b', 'returned b']);
  });
});
