/**
 * The one database interface the rest of the exporter uses. `serve` passes a
 * `pg` pool, `demo` an embedded PGlite, tests either (see test/support/databases.ts).
 *
 * Drivers differ in how they return bigint/numeric (pg: string, PGlite: number), so
 * queries cast counts to int or float8 in SQL.
 */
export type Row = Record<string, unknown>;

export interface Queryable {
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<{ rows: R[] }>;
  /**
   * Hands each row to `onRow` as it arrives instead of holding them all until the
   * query ends; resolves with the number of rows. Rows that live until a large result
   * is complete outlive the young generation and are copied into the old one (the
   * first refresh's rows were hundreds of megabytes of such copying). When `onRow`
   * throws, the rest of the result is read and dropped, then the query fails with
   * that error. Optional: see `eachRow` below for queryables without it.
   */
  eachRow?(sql: string, params: readonly unknown[], onRow: (row: Row) => void): Promise<number>;
}

/** `tx.eachRow`, or for a queryable without it (PGlite returns whole results), its rows one by one once they are all there. */
export async function eachRow(tx: Queryable, sql: string, params: readonly unknown[], onRow: (row: Row) => void): Promise<number> {
  if (tx.eachRow) return tx.eachRow(sql, params, onRow);
  const { rows } = await tx.query(sql, params);
  for (const row of rows) onRow(row);
  return rows.length;
}

export interface ReadOnlyOptions {
  /** Applied with SET LOCAL statement_timeout; a query running longer is cancelled. */
  statementTimeoutMs: number;
  /**
   * Aborting it interrupts the transaction at once: `pg` sends the server a cancel
   * and destroys the connection (it leaves the pool), so a hung server cannot hold
   * the caller. PGlite runs in-process and cannot be interrupted; it ignores it.
   */
  signal?: AbortSignal | undefined;
}

export interface Db extends Queryable {
  readonly kind: 'pg' | 'pglite';
  /** Runs a multi-statement SQL script (migrations, adapters). */
  exec(sql: string): Promise<void>;
  /** Runs fn in one read-write transaction; rolls back when fn throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs fn in a READ ONLY transaction with a statement timeout; always rolled back. */
  readOnly<T>(fn: (tx: Queryable) => Promise<T>, options: ReadOnlyOptions): Promise<T>;
  close(): Promise<void>;
}
