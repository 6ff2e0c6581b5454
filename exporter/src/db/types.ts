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
