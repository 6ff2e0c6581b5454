import pg from 'pg';
import type { Db, Queryable, ReadOnlyOptions, Row } from './types.ts';

export interface PgDbOptions {
  connectionString: string;
  /** Pool size; the refresh runs queries in parallel up to this many. */
  max?: number;
  applicationName?: string;
}

/** A `Db` over a node-postgres pool. */
export function createPgDb(options: PgDbOptions): Db {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 4,
    application_name: options.applicationName ?? 'ecm-adoption-exporter',
    connectionTimeoutMillis: 10_000,
  });
  // An idle client losing its connection (database restarted) must not crash the
  // process; the next query reports the failure instead.
  pool.on('error', () => undefined);

  async function inTransaction<T>(begin: string, setup: string[], fn: (tx: Queryable) => Promise<T>, commit: boolean): Promise<T> {
    const client = await pool.connect();
    let broken = false;
    // A checked-out client that loses its connection (server stopped mid-refresh)
    // emits 'error'; without a listener that would crash the process.
    const onError = (): void => {
      broken = true;
    };
    client.on('error', onError);
    try {
      await client.query(begin);
      for (const statement of setup) await client.query(statement);
      const tx: Queryable = {
        query: async <R extends Row = Row>(sql: string, params?: readonly unknown[]) => {
          const result = await client.query(sql, params as unknown[] | undefined);
          return { rows: result.rows as R[] };
        },
      };
      const value = await fn(tx);
      await client.query(commit ? 'COMMIT' : 'ROLLBACK');
      return value;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true; // connection is gone; drop it from the pool below
      }
      throw error;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  return {
    kind: 'pg',
    async query<R extends Row = Row>(sql: string, params?: readonly unknown[]) {
      const result = await pool.query(sql, params as unknown[] | undefined);
      return { rows: result.rows as R[] };
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    transaction: (fn) => inTransaction('BEGIN', [], fn, true),
    readOnly: (fn, { statementTimeoutMs }: ReadOnlyOptions) =>
      inTransaction('BEGIN READ ONLY', [`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(statementTimeoutMs))}`], fn, false),
    close: () => pool.end(),
  };
}
