/**
 * Database faults on real PostgreSQL, played by a TCP proxy on 127.0.0.1: a separate
 * governance database that refuses connections, and an ECM database that freezes
 * (no byte flows, no socket closes). The service runs as `serve` runs it (same pools,
 * same time budget), in process.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openServePools } from '../../src/db/pools.ts';
import type { Db } from '../../src/db/types.ts';
import type { QueryUnit } from '../../src/engine/types.ts';
import { migrateGovernanceStore } from '../../src/governance/store.ts';
import { DEFAULT_INDICATOR_SETTINGS } from '../../src/indicators/settings.ts';
import { migrateReferenceSchema } from '../../src/migrate.ts';
import { refreshBudget, type RefreshTimeConfig } from '../../src/runtime/budget.ts';
import { systemClock, systemTimers } from '../../src/runtime/clock.ts';
import { createDomainPipeline, indicatorSummaries } from '../../src/runtime/domain-pipeline.ts';
import type { LaneResult } from '../../src/runtime/results.ts';
import { startService, type Service } from '../../src/server.ts';
import { createScratchPostgres } from '../support/databases.ts';
import { insert } from '../support/fixtures.ts';
import { startTcpProxy } from '../support/tcp-proxy.ts';
import { fakeTime, numberPipeline, parseMetrics, samplesOf, silentLogger } from './helpers.ts';

const adminUrl = process.env.TEST_DATABASE_URL ?? '';
const NOW = new Date('2026-11-25T12:00:00Z');
const DAY = 86_400;

async function waitFor(what: string, predicate: () => boolean, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (!predicate()) {
    if (performance.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return performance.now() - started;
}

/** An ECM database with one home and one critical falls-sensor alert unacknowledged since `raisedAt`. */
async function ecmDatabase(raisedAt: Date): Promise<Db & { url: string }> {
  const db = await createScratchPostgres(adminUrl);
  await migrateReferenceSchema(db);
  await insert(db, 'locations', [{ location_id: 'home', go_live_date: '2026-01-05' }]);
  await insert(db, 'alerts', [{ location_id: 'home', source: 'falls_sensor', severity: 'critical', raised_at: raisedAt }]);
  return db;
}

const scrape = async (service: Service) => parseMetrics(await (await fetch(`${service.url}metrics`)).text());

describe.skipIf(!adminUrl)('database faults on PostgreSQL, through a proxy', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error: unknown) => console.error(error));
  });

  it('a separate governance database that refuses connections: source_up{governance} 0, safety and ECM unaffected, then recovered', async () => {
    // Alert raised 10 min before now, critical (target 180 s): 1 unacknowledged.
    const ecm = await ecmDatabase(new Date(NOW.getTime() - 600_000));
    cleanups.push(() => ecm.close());
    const governance = await createScratchPostgres(adminUrl);
    cleanups.push(() => governance.close());
    await migrateGovernanceStore(governance);
    await governance.query(
      `INSERT INTO adoption.governance_reviews (review_id, location_id, reviewed_at, forum, cadence) VALUES ('r-1', 'home', '2026-11-22T12:00:00Z', 'project_board', 'weekly')`,
    );
    const proxy = await startTcpProxy({ targetHost: '127.0.0.1', targetPort: Number(new URL(adminUrl).port), mode: 'refuse' });
    cleanups.push(() => proxy.close());

    const refresh: RefreshTimeConfig = { intervalSeconds: 60, statementTimeoutMs: 2000, deadlineSeconds: 30 };
    const time = fakeTime(NOW);
    const service = await startService({
      ...openServePools({ url: ecm.url, governanceUrl: proxy.urlFor(governance.url), poolSize: 2, refresh }),
      pipeline: createDomainPipeline(DEFAULT_INDICATOR_SETTINGS),
      indicators: indicatorSummaries(),
      clock: time.clock,
      timers: time.timers,
      logger: silentLogger(),
      listenAddress: '127.0.0.1',
      port: 0,
      refreshIntervalSeconds: refresh.intervalSeconds,
      statementTimeoutMs: refresh.statementTimeoutMs,
      concurrency: 2,
      deadlinesMs: refreshBudget(refresh).deadlinesMs,
      mode: 'test',
    });
    cleanups.push(() => service.close());
    await service.firstRefresh;
    let families = await scrape(service);
    expect(samplesOf(families, 'ecm_adoption_exporter_source_up')).toEqual([
      { labels: { source: 'ecm' }, value: 1 },
      { labels: { source: 'governance' }, value: 0 },
    ]);
    // 2026-11-25T12:00:00Z = 1795608000: safety and indicators read at now, governance never.
    expect(samplesOf(families, 'ecm_adoption_exporter_data_timestamp_seconds')).toEqual([
      { labels: { domain: 'safety' }, value: 1795608000 },
      { labels: { domain: 'indicators' }, value: 1795608000 },
      { labels: { domain: 'governance' }, value: 0 },
    ]);
    expect(samplesOf(families, 'ecm_adoption_alerts_unacknowledged')).toContainEqual({ labels: { location: 'home', severity: 'critical' }, value: 1 });
    expect(samplesOf(families, 'ecm_adoption_governance_store_state')).toEqual([]); // absent while the store is down
    const governanceSuccess = samplesOf(families, 'ecm_adoption_exporter_query_success').filter((s) => s.labels.query?.startsWith('governance_'));
    expect(governanceSuccess.map((s) => s.value)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(samplesOf(families, 'ecm_adoption_exporter_up')).toEqual([{ labels: {}, value: 0 }]);
    expect((await fetch(`${service.url}readyz`)).status).toBe(200);

    await proxy.setMode('forward');
    await time.advance(60_000); // the next runs of both lanes, one interval later
    await waitFor('the second history run', () => service.refresher.latest().health.refreshesTotal.history === 2, 20_000);
    families = await scrape(service);
    expect(samplesOf(families, 'ecm_adoption_exporter_source_up')).toContainEqual({ labels: { source: 'governance' }, value: 1 });
    expect(samplesOf(families, 'ecm_adoption_governance_store_state')).toContainEqual({ labels: { state: 'ready' }, value: 1 });
    // Review 2026-11-22T12:00Z, now 12:01Z three days later: 3 days + 60 s.
    expect(samplesOf(families, 'ecm_adoption_governance_review_age_seconds')).toEqual([{ labels: { location: 'home' }, value: 3 * DAY + 60 }]);
  });

  it('a slow indicator query holding every history connection does not delay the live gauges, which have a connection of their own', async () => {
    const ecm = await ecmDatabase(new Date(Date.now() - 600_000));
    cleanups.push(() => ecm.close());
    // poolSize 1: the slow query holds the whole history pool for 4 s.
    const refresh: RefreshTimeConfig = { intervalSeconds: 1, statementTimeoutMs: 10_000, deadlineSeconds: 30 };
    const slow: QueryUnit<null, number> = { name: 'indicator_slow', run: async (tx) => (await tx.query('SELECT pg_sleep(4)')).rows.length };
    const live: QueryUnit<null, number> = {
      name: 'live_count',
      run: async (tx) => (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM ecm.alerts')).rows[0]?.n ?? -1,
    };
    const service = await startService({
      ...openServePools({ url: ecm.url, governanceUrl: undefined, poolSize: 1, refresh }),
      pipeline: numberPipeline([slow], [live]),
      indicators: [],
      clock: systemClock(),
      timers: systemTimers(),
      logger: silentLogger(),
      listenAddress: '127.0.0.1',
      port: 0,
      refreshIntervalSeconds: 1,
      statementTimeoutMs: refresh.statementTimeoutMs,
      concurrency: 1,
      deadlinesMs: refreshBudget(refresh).deadlinesMs,
      mode: 'test',
    });
    cleanups.push(() => service.close());
    await service.ready;
    const reads: number[] = [];
    service.refresher.onSnapshot((snapshot) => {
      const read = snapshot.health.dataTimestamp.safety?.getTime();
      if (read !== undefined && !reads.includes(read)) reads.push(read);
    });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const health = service.refresher.latest().health;
    expect(health.refreshesTotal.history).toBe(0); // the first history run is still in its 4 s query
    // Safety runs every second meanwhile: at least two more reads, never more than ~1 interval apart.
    expect(reads.length).toBeGreaterThanOrEqual(2);
    const gaps = reads.slice(1).map((read, index) => (read - (reads[index] ?? read)) / 1000);
    console.log(`safety lane read every ${gaps.map((gap) => gap.toFixed(2)).join(', ')} s while a 4 s indicator query held the history pool`);
    expect(gaps.every((gap) => gap < 1.5)).toBe(true);
    expect(samplesOf(await scrape(service), 'ecm_adoption_test_safety_value')).toEqual([{ labels: { unit: 'live_count' }, value: 1 }]);
  });

  it('a frozen ECM database: each lane fails within its deadline, runs keep their schedule, the data time stops, and all recovers on thaw', async () => {
    const ecm = await ecmDatabase(new Date(Date.now() - 600_000));
    cleanups.push(() => ecm.close());
    const proxy = await startTcpProxy({ targetHost: '127.0.0.1', targetPort: Number(new URL(adminUrl).port) });
    cleanups.push(() => proxy.close());
    // Statement timeout 0.5 s: query deadline 1 s, connect deadline 1 s, safety lane deadline 1 s; history lane 3 s.
    const refresh: RefreshTimeConfig = { intervalSeconds: 2, statementTimeoutMs: 500, deadlineSeconds: 3 };
    const budget = refreshBudget(refresh);
    expect(budget).toEqual({ queryTimeoutMs: 1000, connectTimeoutMs: 1000, deadlinesMs: { safety: 1000, history: 3000 } });
    const service = await startService({
      ...openServePools({ url: proxy.urlFor(ecm.url), governanceUrl: undefined, poolSize: 2, refresh }),
      pipeline: createDomainPipeline(DEFAULT_INDICATOR_SETTINGS),
      indicators: indicatorSummaries(),
      clock: systemClock(),
      timers: systemTimers(),
      logger: silentLogger(),
      listenAddress: '127.0.0.1',
      port: 0,
      refreshIntervalSeconds: refresh.intervalSeconds,
      statementTimeoutMs: refresh.statementTimeoutMs,
      concurrency: 2,
      deadlinesMs: budget.deadlinesMs,
      mode: 'test',
    });
    cleanups.push(() => service.close());
    await service.firstRefresh;
    const seen: Array<{ at: number; result: LaneResult }> = [];
    service.refresher.onSnapshot((snapshot) => {
      for (const result of Object.values(snapshot.lanes)) if (!seen.some((entry) => entry.result === result)) seen.push({ at: performance.now(), result });
    });
    await waitFor('a successful safety run', () => service.refresher.latest().lanes.safety?.ok === true, 10_000);
    const frozenAt = Date.now();
    const readBefore = service.refresher.latest().health.dataTimestamp.safety;
    await proxy.setMode('freeze');
    await new Promise((resolve) => setTimeout(resolve, 7000));

    const frozenRuns = (lane: string) =>
      seen.filter((entry) => entry.result.lane === lane && entry.result.takenAt.getTime() >= frozenAt).map((entry) => entry.result);
    const safety = frozenRuns('safety');
    const history = frozenRuns('history');
    console.log(
      `frozen database, 7 s: ${safety.length} safety runs, each failed after ${safety.map((r) => r.durationSeconds.toFixed(2)).join(', ')} s (deadline 1 s); ${history.length} history runs failed after ${history.map((r) => r.durationSeconds.toFixed(2)).join(', ')} s (deadline 3 s)`,
    );
    // Runs keep coming (backoff 1 s, then 2 s = the interval): at least three in 7 s, none hung.
    expect(safety.length).toBeGreaterThanOrEqual(3);
    expect(safety.every((result) => !result.ok && result.durationSeconds < 1.5)).toBe(true);
    expect(safety.every((result) => result.units.some((unit) => /deadline|timeout/i.test(unit.error ?? '')))).toBe(true);
    expect(history.length).toBeGreaterThanOrEqual(1);
    expect(history.every((result) => !result.ok && result.durationSeconds < 3.5)).toBe(true);
    const frozenHealth = service.refresher.latest().health;
    expect(frozenHealth.dataTimestamp.safety).toEqual(readBefore); // stopped advancing
    expect(frozenHealth.sourceUp.ecm).toBe(false);

    await proxy.setMode('forward');
    const recovered = await waitFor(
      'safety data read again',
      () => (service.refresher.latest().health.dataTimestamp.safety?.getTime() ?? 0) > (readBefore?.getTime() ?? 0),
      8000,
    );
    // source_up{ecm} also waits for the history lane's next run (every 2 s, or at the end of its backoff).
    const historyBack = await waitFor('a successful history run', () => service.refresher.latest().lanes.history?.ok === true, 8000);
    console.log(
      `thawed: safety data read again ${(recovered / 1000).toFixed(2)} s later, the history lane ${((recovered + historyBack) / 1000).toFixed(2)} s later`,
    );
    const families = await scrape(service);
    expect(samplesOf(families, 'ecm_adoption_exporter_source_up')).toContainEqual({ labels: { source: 'ecm' }, value: 1 });
    expect(samplesOf(families, 'ecm_adoption_alerts_unacknowledged')).toContainEqual({ labels: { location: 'home', severity: 'critical' }, value: 1 });
  });
});
