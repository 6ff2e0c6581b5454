/**
 * Queryable.eachRow: rows handed on one by one (on PostgreSQL as they arrive, not held
 * until the query ends), and an error of the caller's handler failing the query without
 * leaving the connection out of step.
 */
import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createPgDb, eachRow, type Db, type Row } from '../../src/db/index.ts';
import { StreamedQuery } from '../../src/db/pg.ts';
import { createScratchPostgres, databaseTargets } from '../support/databases.ts';

const READ = { statementTimeoutMs: 30_000 };

describe.each(databaseTargets())('eachRow on $name', (target) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('hands on every row in order and counts them', async () => {
    db = await target.create();
    const seen: Row[] = [];
    const count = await db.readOnly((tx) => eachRow(tx, 'SELECT g AS n, $1::text AS label FROM generate_series(1, 3) g', ['x'], (row) => seen.push(row)), READ);
    expect(count).toBe(3);
    expect(seen).toEqual([
      { n: 1, label: 'x' },
      { n: 2, label: 'x' },
      { n: 3, label: 'x' },
    ]);
  });

  it("fails with the handler's error once the rest is read, and the transaction goes on", async () => {
    db = await target.create();
    const seen: number[] = [];
    const after = await db.readOnly(async (tx) => {
      const failure = await eachRow(tx, 'SELECT g AS n FROM generate_series(1, 5) g', [], (row) => {
        seen.push(Number(row.n));
        if (row.n === 2) throw new Error('row 2 is bad');
      }).then(
        () => 'no error',
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
      expect(failure).toBe('row 2 is bad');
      // The connection is in step: the next query in the same transaction answers.
      return (await tx.query<{ one: number }>('SELECT 1 AS one')).rows[0]?.one;
    }, READ);
    expect(seen).toEqual([1, 2]);
    expect(after).toBe(1);
  });
});

/**
 * On a real server rows arrive while the query runs. `serve` sets pg's query_timeout,
 * which gives every query a callback: pg then keeps every row for the result unless told
 * not to, and reports how the query ended to that callback only.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('eachRow on PostgreSQL: streamed, also with a query timeout (needs TEST_DATABASE_URL)', () => {
  let db: (Db & { url: string }) | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('streams: the first row arrives while the query still runs', async () => {
    db = await createScratchPostgres(process.env.TEST_DATABASE_URL ?? '');
    // Rows of 16 KB fill PostgreSQL's 8 KB send buffer, so each row goes out once the next is being written (the
    // buffer holds its tail until then); rows 2 to 5 take 0.25 s each to make: the first arrives some 0.75 s before the end.
    const sql = `SELECT g AS n, repeat('x', 16384) AS pad, pg_sleep(CASE WHEN g > 1 THEN 0.25 ELSE 0 END)::text AS slept FROM generate_series(1, 5) g`;
    const arrivals: number[] = [];
    const ended = await db.readOnly(async (tx) => {
      expect(typeof tx.eachRow).toBe('function');
      await eachRow(tx, sql, [], () => arrivals.push(performance.now()));
      return performance.now();
    }, READ);
    expect(arrivals).toHaveLength(5);
    expect(ended - (arrivals[0] ?? ended)).toBeGreaterThanOrEqual(500);
  });

  it('keeps no rows for the result while the listeners get every one', async () => {
    db = await createScratchPostgres(process.env.TEST_DATABASE_URL ?? '');
    const client = new pg.Client({ connectionString: db.url, query_timeout: 30_000 });
    await client.connect();
    try {
      const seen: number[] = [];
      const kept = await new Promise<number>((resolve, reject) => {
        const query = new StreamedQuery('SELECT g AS n FROM generate_series(1, 4) g', [], (error, result) =>
          error ? reject(error) : resolve(result.rows.length),
        );
        query.on('row', (row: Row) => seen.push(Number(row.n)));
        void client.query(query);
      });
      expect(seen).toEqual([1, 2, 3, 4]);
      expect(kept).toBe(0);
    } finally {
      await client.end();
    }
  });

  it('fails with the server error (not waiting for ever) and with the handler error', async () => {
    const scratch = await createScratchPostgres(process.env.TEST_DATABASE_URL ?? '');
    db = scratch;
    const timed = createPgDb({ connectionString: scratch.url, queryTimeoutMs: 30_000 });
    try {
      const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));
      const serverError = await timed.readOnly(
        (tx) => eachRow(tx, 'SELECT 1 / (g - 2) AS n FROM generate_series(1, 3) g', [], () => undefined).then(String, message),
        READ,
      );
      expect(serverError).toMatch(/division by zero/);
      const handlerError = await timed.readOnly(
        (tx) =>
          eachRow(tx, 'SELECT g AS n FROM generate_series(1, 3) g', [], () => {
            throw new Error('bad row');
          }).then(String, message),
        READ,
      );
      expect(handlerError).toBe('bad row');
      const counted = await timed.readOnly((tx) => eachRow(tx, 'SELECT g FROM generate_series(1, 3) g', [], () => undefined), READ);
      expect(counted).toBe(3);
    } finally {
      await timed.close();
    }
  });
});
