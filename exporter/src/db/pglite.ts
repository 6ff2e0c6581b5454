import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable, ReadOnlyOptions, Row } from './types.ts';

/**
 * A `Db` over an embedded, in-process PGlite (the `demo` default and the test
 * default). `dataDir` undefined keeps it in memory.
 */
export async function createPgliteDb(dataDir?: string): Promise<Db> {
  const lite = dataDir === undefined ? new PGlite() : new PGlite(dataDir);
  await lite.waitReady;

  const wrap = (q: { query: PGlite['query'] }): Queryable => ({
    query: async <R extends Row = Row>(sql: string, params?: readonly unknown[]) => {
      const result = await q.query<R>(sql, params as unknown[] | undefined);
      return { rows: result.rows };
    },
  });

  return {
    kind: 'pglite',
    query: (sql, params) => wrap(lite).query(sql, params),
    async exec(sql: string) {
      await lite.exec(sql);
    },
    transaction: (fn) => lite.transaction((tx) => fn(wrap(tx))),
    async readOnly<T>(fn: (tx: Queryable) => Promise<T>, { statementTimeoutMs }: ReadOnlyOptions) {
      return lite.transaction(async (tx) => {
        await tx.query('SET TRANSACTION READ ONLY');
        // PGlite runs single-threaded in WebAssembly; the setting is accepted but
        // cannot interrupt a running query. Real PostgreSQL enforces it.
        await tx.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(statementTimeoutMs))}`);
        const value = await fn(wrap(tx));
        await tx.rollback();
        return value;
      });
    },
    close: () => lite.close(),
  };
}
