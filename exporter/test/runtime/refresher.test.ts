import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import type { QueryUnit } from '../../src/engine/types.ts';
import { migrateReferenceSchema } from '../../src/migrate.ts';
import { createMetricsEndpoint } from '../../src/runtime/endpoint.ts';
import { createRefresher } from '../../src/runtime/refresher.ts';
import { databaseTargets } from '../support/databases.ts';
import { gate, numberPipeline, parseMetrics, samplesOf, settableClock, silentLogger } from './helpers.ts';

const T0 = new Date('2026-03-02T09:00:00Z');

describe.each(databaseTargets())('refresh runtime on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await target.create();
    await migrateReferenceSchema(db);
    await db.exec(`INSERT INTO ecm.locations (location_id, name, service_type, go_live_date) VALUES ('loc-a', 'A', 'residential', '2026-01-01')`);
  });
  afterAll(async () => db?.close());

  it('runs one refresh for many concurrent scrapes (single-flight)', async () => {
    const hold = gate();
    let runs = 0;
    const slow: QueryUnit<null, number> = {
      name: 'slow',
      async run(tx) {
        runs += 1;
        await hold.promise;
        const { rows } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM ecm.locations');
        return rows[0]?.n ?? -1;
      },
    };
    const clock = settableClock(T0);
    const refresher = createRefresher({ db, pipeline: numberPipeline([slow]), clock, statementTimeoutMs: 5000, concurrency: 4, logger: silentLogger() });
    const endpoint = createMetricsEndpoint({ refresher, clock, refreshIntervalSeconds: 60, version: 'test' });
    const scrapes = Array.from({ length: 25 }, () => endpoint.scrape());
    const joined = Array.from({ length: 5 }, () => refresher.refresh());
    // The slow unit has not been let through yet: every scrape answered from no snapshot.
    expect(endpoint.ready()).toBe(false);
    expect(samplesOf(parseMetrics(scrapes[0] ?? ''), 'ecm_adoption_exporter_up')).toEqual([{ labels: {}, value: 0 }]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    hold.open();
    const snapshots = await Promise.all(joined);
    expect(runs).toBe(1);
    expect(new Set(snapshots).size).toBe(1);
    expect(refresher.stats().refreshesTotal).toBe(1);
    // One location row was inserted in beforeAll, so the unit counted 1.
    expect(samplesOf(parseMetrics(endpoint.scrape()), 'ecm_adoption_test_unit_value')).toEqual([{ labels: { unit: 'slow' }, value: 1 }]);
  });

  it('refreshes again only once the snapshot is older than the interval, with a fixed now per refresh', async () => {
    const seen: Date[] = [];
    const unit = (name: string): QueryUnit<null, number> => ({
      name,
      async run(_tx, context) {
        seen.push(context.now);
        return 1;
      },
    });
    const clock = settableClock(T0);
    const refresher = createRefresher({ db, pipeline: numberPipeline([unit('u1'), unit('u2'), unit('u3')]), clock, statementTimeoutMs: 5000, concurrency: 2, logger: silentLogger() });
    const endpoint = createMetricsEndpoint({ refresher, clock, refreshIntervalSeconds: 60, version: 'test' });
    endpoint.scrape();
    await refresher.idle();
    expect(refresher.stats().refreshesTotal).toBe(1);
    clock.advanceSeconds(59);
    endpoint.scrape();
    await refresher.idle();
    expect(refresher.stats().refreshesTotal).toBe(1); // 59 s < 60 s: still fresh
    clock.advanceSeconds(1);
    endpoint.scrape();
    await refresher.idle();
    expect(refresher.stats().refreshesTotal).toBe(2); // 60 s: stale, refreshed
    // 3 units per refresh, 2 refreshes; each refresh saw one now: T0, then T0 + 60 s.
    expect(seen.map((d) => d.toISOString()).sort()).toEqual([...Array(3).fill('2026-03-02T09:00:00.000Z'), ...Array(3).fill('2026-03-02T09:01:00.000Z')]);
    expect(refresher.latest()?.takenAt.toISOString()).toBe('2026-03-02T09:01:00.000Z');
  });

  it('runs units in parallel only up to the concurrency limit', async () => {
    let running = 0;
    let peak = 0;
    const unit = (name: string): QueryUnit<null, number> => ({
      name,
      async run() {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 20));
        running -= 1;
        return 0;
      },
    });
    const refresher = createRefresher({ db, pipeline: numberPipeline(['a', 'b', 'c', 'd', 'e'].map(unit)), clock: settableClock(T0), statementTimeoutMs: 5000, concurrency: 2, logger: silentLogger() });
    const snapshot = await refresher.refresh();
    expect(snapshot.ok).toBe(true);
    // PGlite runs one transaction at a time whatever the limit; PostgreSQL reaches the limit of 2.
    expect(peak).toBe(target.name === 'pglite' ? 1 : 2);
  });

  it('isolates a failing unit: others served, error counted, up 0, and never a stale value', async () => {
    let failing = true;
    const good: QueryUnit<null, number> = { name: 'good', run: async () => 7 };
    const flaky: QueryUnit<null, number> = {
      name: 'flaky',
      async run(tx) {
        if (failing) await tx.query('SELECT 1/0');
        return 3;
      },
    };
    const clock = settableClock(T0);
    const refresher = createRefresher({ db, pipeline: numberPipeline([good, flaky]), clock, statementTimeoutMs: 5000, concurrency: 2, logger: silentLogger() });
    const endpoint = createMetricsEndpoint({ refresher, clock, refreshIntervalSeconds: 60, version: 'test' });
    const scrape = async () => {
      clock.advanceSeconds(60);
      await refresher.refresh();
      return parseMetrics(endpoint.scrape());
    };

    let families = await scrape(); // flaky fails
    expect(samplesOf(families, 'ecm_adoption_test_unit_value')).toEqual([{ labels: { unit: 'good' }, value: 7 }]);
    expect(samplesOf(families, 'ecm_adoption_exporter_up')).toEqual([{ labels: {}, value: 0 }]);
    expect(samplesOf(families, 'ecm_adoption_exporter_query_errors_total')).toContainEqual({ labels: { query: 'flaky' }, value: 1 });
    expect(samplesOf(families, 'ecm_adoption_exporter_query_errors_total')).toContainEqual({ labels: { query: 'good' }, value: 0 });
    expect(samplesOf(families, 'ecm_adoption_exporter_query_success')).toContainEqual({ labels: { query: 'flaky' }, value: 0 });
    expect(samplesOf(families, 'ecm_adoption_exporter_last_refresh_success_timestamp_seconds')).toEqual([{ labels: {}, value: 0 }]);

    failing = false;
    families = await scrape(); // both succeed at T0 + 120 s
    expect(samplesOf(families, 'ecm_adoption_test_unit_value')).toEqual([{ labels: { unit: 'good' }, value: 7 }, { labels: { unit: 'flaky' }, value: 3 }]);
    expect(samplesOf(families, 'ecm_adoption_exporter_up')).toEqual([{ labels: {}, value: 1 }]);
    // 2026-03-02T09:02:00Z = 1772442120 s since the epoch.
    expect(samplesOf(families, 'ecm_adoption_exporter_last_refresh_success_timestamp_seconds')).toEqual([{ labels: {}, value: 1772442120 }]);

    failing = true;
    families = await scrape(); // fails again: its value of the previous refresh must not linger
    expect(samplesOf(families, 'ecm_adoption_test_unit_value')).toEqual([{ labels: { unit: 'good' }, value: 7 }]);
    expect(samplesOf(families, 'ecm_adoption_exporter_query_errors_total')).toContainEqual({ labels: { query: 'flaky' }, value: 2 });
    expect(samplesOf(families, 'ecm_adoption_exporter_up')).toEqual([{ labels: {}, value: 0 }]);
    expect(samplesOf(families, 'ecm_adoption_exporter_last_refresh_success_timestamp_seconds')).toEqual([{ labels: {}, value: 1772442120 }]);
    expect(samplesOf(families, 'ecm_adoption_exporter_refreshes_total')).toEqual([{ labels: {}, value: 3 }]);
  });

  it('refuses writes: a unit that tries to INSERT fails and nothing is written', async () => {
    const writer: QueryUnit<null, number> = {
      name: 'writer',
      async run(tx) {
        await tx.query(`INSERT INTO ecm.locations (location_id, name, service_type, go_live_date) VALUES ('sneaky', 'S', 'residential', '2026-01-01')`);
        return 1;
      },
    };
    const refresher = createRefresher({ db, pipeline: numberPipeline([writer]), clock: settableClock(T0), statementTimeoutMs: 5000, concurrency: 1, logger: silentLogger() });
    const snapshot = await refresher.refresh();
    const report = snapshot.units.find((u) => u.name === 'writer');
    expect(report?.ok).toBe(false);
    expect(report?.error).toMatch(/read-only transaction/);
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ecm.locations WHERE location_id = 'sneaky'`);
    expect(rows[0]?.n).toBe(0);
  });

  it('fails the whole refresh visibly when the locations read fails, serving no indicator values', async () => {
    const pipeline = numberPipeline([{ name: 'good', run: async () => 1 }]);
    const broken = { ...pipeline, locations: { ...pipeline.locations, run: async () => Promise.reject(new Error('relation "ecm.locations" does not exist')) } };
    const refresher = createRefresher({ db, pipeline: broken, clock: settableClock(T0), statementTimeoutMs: 5000, concurrency: 1, logger: silentLogger() });
    const snapshot = await refresher.refresh();
    expect(snapshot.ok).toBe(false);
    expect(snapshot.families.flatMap((f) => f.samples)).toEqual([]);
    expect(snapshot.units.map((u) => u.name)).toEqual(['locations', 'assemble']); // 'good' never ran
    expect(refresher.stats().queryErrorsTotal.get('locations')).toBe(1);
  });
});

// Statement timeouts need a real server: PGlite runs queries to completion in one
// thread and cannot interrupt them. CI sets TEST_DATABASE_URL, so this runs there.
const postgres = databaseTargets().find((t) => t.name === 'postgres');
describe.skipIf(!postgres)('statement timeout on PostgreSQL (needs TEST_DATABASE_URL)', () => {
  let db: Db;
  beforeAll(async () => {
    if (!postgres) throw new Error('TEST_DATABASE_URL is not set');
    db = await postgres.create();
    await migrateReferenceSchema(db);
  });
  afterAll(async () => db?.close());

  it('cancels a unit running past the statement timeout and still serves the others', async () => {
    const sleeper: QueryUnit<null, number> = { name: 'sleeper', run: async (tx) => (await tx.query('SELECT pg_sleep(5)')).rows.length };
    const quick: QueryUnit<null, number> = { name: 'quick', run: async () => 2 };
    const refresher = createRefresher({ db, pipeline: numberPipeline([sleeper, quick]), clock: settableClock(T0), statementTimeoutMs: 200, concurrency: 2, logger: silentLogger() });
    const started = performance.now();
    const snapshot = await refresher.refresh();
    // Far below the 5 s sleep: the server cancelled it at 200 ms.
    expect(performance.now() - started).toBeLessThan(3000);
    expect(snapshot.units.find((u) => u.name === 'sleeper')?.error).toMatch(/statement timeout/);
    expect(snapshot.units.find((u) => u.name === 'quick')?.ok).toBe(true);
  });
});
