/**
 * `serve` as a process against real PostgreSQL, under the faults an orchestrator
 * meets: no database at start, a query blocked on a lock at shutdown, a frozen
 * database at shutdown. Shutdown must take under 5 s (Docker sends SIGKILL at 10 s).
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/types.ts';
import { migrateReferenceSchema } from '../src/migrate.ts';
import { createScratchPostgres } from './support/databases.ts';
import { insert } from './support/fixtures.ts';
import { logLines, spawnServe, type ServeProcess } from './support/serve-process.ts';
import { startTcpProxy } from './support/tcp-proxy.ts';
import { parseMetrics, samplesOf } from './runtime/helpers.ts';

const adminUrl = process.env.TEST_DATABASE_URL ?? '';
const pgPort = (): number => Number(new URL(adminUrl).port || 5432);

async function waitFor(what: string, predicate: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (!(await predicate())) {
    if (performance.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return performance.now() - started;
}

/** A migrated ECM database with one home and one critical alert unacknowledged for 10 minutes. */
async function ecmDatabase(): Promise<Db & { url: string }> {
  const db = await createScratchPostgres(adminUrl);
  await migrateReferenceSchema(db);
  await insert(db, 'locations', [{ location_id: 'home', go_live_date: '2026-01-05' }]);
  await insert(db, 'alerts', [{ location_id: 'home', source: 'falls_sensor', severity: 'critical', raised_at: new Date(Date.now() - 600_000) }]);
  return db;
}

const status = (url: string): Promise<number> =>
  fetch(url).then(
    (response) => response.status,
    () => 0,
  );
const metrics = async (serve: ServeProcess) => parseMetrics(await (await fetch(`${serve.url}/metrics`)).text());

describe.skipIf(!adminUrl)('serve under database faults (PostgreSQL)', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error: unknown) => console.error(error));
  });

  it('starts without its database: health at 0 and /readyz 503, retries with backoff, ready once the database answers', async () => {
    const ecm = await ecmDatabase();
    cleanups.push(() => ecm.close());
    const proxy = await startTcpProxy({ targetHost: '127.0.0.1', targetPort: pgPort(), mode: 'refuse' });
    cleanups.push(() => proxy.close());
    const serve = await spawnServe({ DATABASE_URL: proxy.urlFor(ecm.url), REFRESH_INTERVAL_SECONDS: '60', LOG_LEVEL: 'info' });
    cleanups.push(() => serve.stop());

    const early = await metrics(serve);
    for (const name of ['ecm_adoption_exporter_up', 'ecm_adoption_exporter_source_up', 'ecm_adoption_exporter_data_timestamp_seconds']) {
      expect(samplesOf(early, name).every((sample) => sample.value === 0)).toBe(true);
    }
    expect(samplesOf(early, 'ecm_adoption_exporter_refresh_interval_seconds')).toEqual([{ labels: {}, value: 60 }]);
    expect(await status(`${serve.url}/readyz`)).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(serve.child.exitCode).toBeNull(); // still serving, not restarting in a loop
    // Safety-lane attempts in 4 s at 0, 1, 3 s (backoff 1 s doubling): one log line each, not one per query.
    const attempts = logLines(serve.stderr()).filter((line) => line.lane === 'safety' && line.msg === 'refresh done with failed queries');
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    expect(attempts.length).toBeLessThanOrEqual(4);
    expect(await status(`${serve.url}/readyz`)).toBe(503);

    await proxy.setMode('forward');
    const readyAfter = await waitFor('/readyz 200', async () => (await status(`${serve.url}/readyz`)) === 200, 20_000);
    console.log(`database reachable after ${attempts.length} failed attempts: /readyz 200 ${(readyAfter / 1000).toFixed(2)} s later`);
    const families = await metrics(serve);
    expect(samplesOf(families, 'ecm_adoption_exporter_data_timestamp_seconds').find((sample) => sample.labels.domain === 'safety')?.value).toBeGreaterThan(0);
    expect(samplesOf(families, 'ecm_adoption_alerts_unacknowledged')).toContainEqual({ labels: { location: 'home', severity: 'critical' }, value: 1 });
    const { code } = await serve.signal('SIGTERM', 10_000);
    expect(code).toBe(0);
  });

  it('exits 0 within 5 s of SIGTERM while its queries wait on a lock, and cancels them on the server', async () => {
    const ecm = await ecmDatabase();
    cleanups.push(() => ecm.close());
    const locker = new pg.Client({ connectionString: ecm.url });
    await locker.connect();
    cleanups.push(() => locker.end());
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE ecm.locations IN ACCESS EXCLUSIVE MODE');
    // A 30 s statement timeout: without a cancel, the blocked queries would wait that long.
    const serve = await spawnServe({ DATABASE_URL: ecm.url, REFRESH_INTERVAL_SECONDS: '60', STATEMENT_TIMEOUT_MS: '30000', LOG_LEVEL: 'info' });
    cleanups.push(() => serve.stop());
    const database = new URL(ecm.url).pathname.slice(1);
    // Watched from a connection of its own: inside the locker's transaction, pg_stat_activity is a snapshot frozen at its first read.
    const observer = new pg.Client({ connectionString: ecm.url });
    await observer.connect();
    cleanups.push(() => observer.end());
    const blocked = async (): Promise<number> => {
      const { rows } = await observer.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE 'ecm-adoption-exporter%' AND wait_event_type = 'Lock'`,
        [database],
      );
      return rows[0]?.n ?? 0;
    };
    // Both lanes read the locations first: both wait on the lock.
    await waitFor('both lanes blocked on the lock', async () => (await blocked()) === 2, 30_000);

    const { code, ms } = await serve.signal('SIGTERM', 10_000);
    console.log(`SIGTERM with 2 queries blocked on a lock: exited ${code} after ${(ms / 1000).toFixed(2)} s`);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(5000);
    // The server got the cancel: no exporter backend is left waiting on the lock (the lock is still held).
    await waitFor('blocked backends gone', async () => (await blocked()) === 0, 2000);
    expect(logLines(serve.stderr()).some((line) => line.msg === 'shut down')).toBe(true);
    await locker.query('ROLLBACK');
  });

  it('exits 0 within 5 s of SIGTERM while its database is frozen mid-query', async () => {
    const ecm = await ecmDatabase();
    cleanups.push(() => ecm.close());
    const proxy = await startTcpProxy({ targetHost: '127.0.0.1', targetPort: pgPort() });
    cleanups.push(() => proxy.close());
    // Statement timeout 10 s: client-side query deadline 12 s, so a frozen query hangs for 12 s without shutdown's help.
    const serve = await spawnServe({ DATABASE_URL: proxy.urlFor(ecm.url), REFRESH_INTERVAL_SECONDS: '2', STATEMENT_TIMEOUT_MS: '10000', LOG_LEVEL: 'info' });
    cleanups.push(() => serve.stop());
    await waitFor('/readyz 200', async () => (await status(`${serve.url}/readyz`)) === 200, 30_000);
    await proxy.setMode('freeze');
    // The next runs (every 2 s) start and hang on the frozen connections.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(proxy.connections()).toBeGreaterThan(0);

    const { code, ms } = await serve.signal('SIGTERM', 10_000);
    console.log(`SIGTERM with the database frozen mid-query: exited ${code} after ${(ms / 1000).toFixed(2)} s`);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(5000);
  });
});
