import pg from 'pg';
import { RUNTIME_DEFAULTS } from '../config/load.ts';
import type { Db, Queryable, ReadOnlyOptions, Row } from './types.ts';

export interface PgDbOptions {
  connectionString: string;
  /** Pool size; the refresh runs queries in parallel up to this many. Default: the config default (database.poolSize). */
  max?: number;
  applicationName?: string;
  /** Client-side deadline on opening a connection and on waiting for a free one (default 10 s). */
  connectTimeoutMs?: number;
  /**
   * Client-side deadline on every query. Set it a little above the server's
   * statement timeout: a frozen server or a cut network (no reset) cannot enforce
   * its own timeout, and without this a query would wait forever. Default: none
   * (CLI commands such as seed run long statements on purpose).
   */
  queryTimeoutMs?: number;
  /** How long an unused connection stays open (default 10 s). */
  idleTimeoutMs?: number;
}

/** A connection is given up after this long while closing or cancelling: shutdown must finish within seconds. */
const CLOSE_GRACE_MS = 1000;

/** Resolves after `ms` without keeping the process alive. */
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/**
 * A query whose rows go to its 'row' listeners only. pg keeps every row for the result
 * when a query has a callback, and its `query_timeout` gives every query one; this
 * query has a callback (the only way pg reports how it ended once a timeout wraps it)
 * and keeps no rows. `_accumulateRows` is pg's own switch, set when the columns arrive.
 */
export class StreamedQuery extends pg.Query {
  handleRowDescription(message: unknown): void {
    const base = pg.Query.prototype as unknown as { handleRowDescription(this: StreamedQuery, message: unknown): void };
    base.handleRowDescription.call(this, message);
    (this as unknown as { _accumulateRows: boolean })._accumulateRows = false;
  }
}

/**
 * One query whose rows go to `onRow` as the driver parses them (see Queryable.eachRow).
 * An error of `onRow` is kept and the rest of the result drained, so the connection
 * stays in step.
 */
function streamRows(client: pg.PoolClient, sql: string, params: readonly unknown[], onRow: (row: Row) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    let rows = 0;
    let failed: Error | undefined;
    const query = new StreamedQuery(sql, params, (error: Error | null | undefined) => {
      if (error) reject(error);
      else if (failed) reject(failed);
      else resolve(rows);
    });
    query.on('row', (row: Row) => {
      if (failed) return;
      try {
        onRow(row);
        rows += 1;
      } catch (error) {
        failed = error instanceof Error ? error : new Error(String(error));
      }
    });
    client.query(query);
  });
}

/** A `Db` over a node-postgres pool. */
export function createPgDb(options: PgDbOptions): Db {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? RUNTIME_DEFAULTS.poolSize,
    application_name: options.applicationName ?? 'ecm-adoption-exporter',
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    idleTimeoutMillis: options.idleTimeoutMs ?? 10_000,
    // TCP keepalive: a peer that vanished without a reset (host frozen, network cut)
    // is noticed by the kernel even on an idle connection.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    ...(options.queryTimeoutMs === undefined ? {} : { query_timeout: options.queryTimeoutMs }),
  });
  // An idle client losing its connection (database restarted) must not crash the
  // process; the next query reports the failure instead.
  pool.on('error', () => undefined);
  /** Backend pid of each pooled connection, for cancel requests. */
  const pids = new WeakMap<pg.PoolClient, number>();
  const cancels = new Set<Promise<void>>();

  /**
   * Asks the server to cancel the backend's running statement, on a connection of
   * its own (a role may cancel its own backends). Best effort and bounded: when the
   * server does not answer, destroying the socket is what frees the caller.
   */
  function cancelBackend(pid: number): void {
    const client = new pg.Client({
      connectionString: options.connectionString,
      connectionTimeoutMillis: CLOSE_GRACE_MS,
      query_timeout: CLOSE_GRACE_MS,
      application_name: 'ecm-adoption-exporter cancel',
    });
    client.on('error', () => undefined); // a failure here changes nothing: the socket is destroyed anyway
    const done = client
      .connect()
      .then(() => client.query('SELECT pg_cancel_backend($1)', [pid]))
      .then(
        () => undefined,
        () => undefined, // server frozen or gone: nothing more to ask it
      )
      // Closing the cancel connection: a failure to close one that never opened is no news.
      .finally(() => client.end().catch(() => undefined))
      .finally(() => cancels.delete(done));
    cancels.add(done);
  }

  /** Interrupts a checked-out connection now: cancel on the server, socket destroyed here. */
  function interrupt(client: pg.PoolClient): void {
    const pid = pids.get(client);
    if (pid !== undefined) cancelBackend(pid);
    client.connection.stream.destroy();
  }

  const active = new Set<pg.PoolClient>();

  async function inTransaction<T>(begin: string, setup: string[], fn: (tx: Queryable) => Promise<T>, commit: boolean, signal?: AbortSignal): Promise<T> {
    signal?.throwIfAborted();
    const client = await pool.connect();
    if (signal?.aborted) {
      client.release(); // nothing was sent on it: it stays in the pool
      signal.throwIfAborted();
    }
    let broken = false;
    // A checked-out client that loses its connection (server stopped mid-refresh)
    // emits 'error'; without a listener that would crash the process.
    const onError = (): void => {
      broken = true;
    };
    const onAbort = (): void => {
      broken = true;
      interrupt(client);
    };
    client.on('error', onError);
    active.add(client);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      if (!pids.has(client)) {
        const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        if (typeof rows[0]?.pid === 'number') pids.set(client, rows[0].pid);
      }
      await client.query(begin);
      for (const statement of setup) await client.query(statement);
      const tx: Queryable = {
        query: async <R extends Row = Row>(sql: string, params?: readonly unknown[]) => {
          const result = await client.query(sql, params as unknown[] | undefined);
          return { rows: result.rows as R[] };
        },
        eachRow: (sql, params, onRow) => streamRows(client, sql, params, onRow),
      };
      const value = await fn(tx);
      await client.query(commit ? 'COMMIT' : 'ROLLBACK');
      return value;
    } catch (error) {
      // Only an error the server sent leaves the connection usable. Anything else
      // (client-side query deadline, lost socket, abort) means a statement may still
      // be running or the line is dead: a ROLLBACK would queue behind it, so the
      // connection is dropped instead.
      if (!broken && error instanceof pg.DatabaseError) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true; // connection is gone; drop it from the pool below
        }
      } else {
        broken = true;
      }
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      client.off('error', onError);
      active.delete(client);
      if (broken) client.connection.stream.destroy();
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
    readOnly: (fn, { statementTimeoutMs, signal }: ReadOnlyOptions) =>
      inTransaction('BEGIN READ ONLY', [`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(statementTimeoutMs))}`], fn, false, signal),
    async close() {
      // Whatever still runs at close (shutdown) is cut off: pool.end() would wait for it.
      for (const client of active) client.connection.stream.destroy();
      // Cancels in flight get their chance to reach the server while the pool ends; a connection
      // still opening to a frozen server is not waited for beyond the grace.
      const cancelled = Promise.allSettled([...cancels]);
      await Promise.race([Promise.all([cancelled, pool.end()]), pause(1.5 * CLOSE_GRACE_MS)]);
    },
  };
}
