import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import type { QueryUnit } from '../../src/engine/types.ts';
import { migrateReferenceSchema } from '../../src/migrate.ts';
import { createMetricsEndpoint } from '../../src/runtime/endpoint.ts';
import { createRefresher } from '../../src/runtime/refresher.ts';
import { databaseTargets } from '../support/databases.ts';
import { fakeTime, gate, numberPipeline, parseMetrics, samplesOf, settableClock, silentLogger } from './helpers.ts';

const T0 = new Date('2026-03-02T09:00:00Z');
const logger = silentLogger();

describe.each(databaseTargets())('refresh runtime on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await target.create();
    await migrateReferenceSchema(db);
    await db.exec(`INSERT INTO ecm.locations (location_id, name, service_type, go_live_date) VALUES ('loc-a', 'A', 'residential', '2026-01-01')`);
  });
  afterAll(async () => db?.close());

  it('never starts database work on a scrape, and joins concurrent refreshes into one run per lane (single-flight)', async () => {
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
    const refresher = createRefresher({ db, pipeline: numberPipeline([slow]), clock, statementTimeoutMs: 5000, concurrency: 4, logger });
    const endpoint = createMetricsEndpoint({ refresher, refreshIntervalSeconds: 60, version: 'test' });
    const scrapes = await Promise.all(Array.from({ length: 25 }, () => endpoint.scrape()));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runs).toBe(0); // 25 scrapes, no query
    expect(samplesOf(parseMetrics(scrapes[0] ?? ''), 'ecm_adoption_exporter_up')).toEqual([{ labels: {}, value: 0 }]);
    expect(samplesOf(parseMetrics(scrapes[0] ?? ''), 'ecm_adoption_exporter_refreshes_total')).toEqual([
      { labels: { lane: 'safety' }, value: 0 },
      { labels: { lane: 'history' }, value: 0 },
    ]);
    const joined = Array.from({ length: 5 }, () => refresher.refresh());
    await new Promise((resolve) => setTimeout(resolve, 50));
    hold.open();
    const snapshots = await Promise.all(joined);
    expect(runs).toBe(1);
    expect(new Set(snapshots).size).toBe(1);
    expect(refresher.latest().health.refreshesTotal).toEqual({ safety: 1, history: 1 });
    // One location row was inserted in beforeAll, so the unit counted 1.
    expect(samplesOf(parseMetrics(await endpoint.scrape()), 'ecm_adoption_test_unit_value')).toEqual([{ labels: { unit: 'slow' }, value: 1 }]);
  });

  it('keeps publishing after a snapshot listener failed once: the failure reaches that run only', async () => {
    const counted: QueryUnit<null, number> = {
      name: 'counted',
      async run(tx) {
        const { rows } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM ecm.locations');
        return rows[0]?.n ?? -1;
      },
    };
    const clock = settableClock(T0);
    const refresher = createRefresher({ db, pipeline: numberPipeline([counted]), clock, statementTimeoutMs: 5000, concurrency: 1, logger });
    let calls = 0;
    refresher.onSnapshot(() => {
      calls += 1;
      if (calls === 1) throw new Error('listener failed');
    });
    await expect(refresher.refresh()).rejects.toThrow('listener failed');
    const before = refresher.latest().health.refreshesTotal;
    clock.advanceSeconds(60);
    await refresher.refresh();
    // Two lanes per refresh: the first refresh's first lane hit the failing listener, every later one published.
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(refresher.latest().health.refreshesTotal.safety).toBeGreaterThan(before.safety);
    expect(refresher.latest().health.refreshesTotal.history).toBeGreaterThan(before.history);
  });

  it("runs the history lane's units in parallel only up to the concurrency limit", async () => {
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
    const refresher = createRefresher({
      db,
      pipeline: numberPipeline(['a', 'b', 'c', 'd', 'e'].map(unit)),
      clock: settableClock(T0),
      statementTimeoutMs: 5000,
      concurrency: 2,
      logger,
    });
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
    const refresher = createRefresher({ db, pipeline: numberPipeline([good, flaky]), clock, statementTimeoutMs: 5000, concurrency: 2, logger });
    const endpoint = createMetricsEndpoint({ refresher, refreshIntervalSeconds: 60, version: 'test' });
    const scrape = async () => {
      clock.advanceSeconds(60);
      await refresher.refresh();
      return parseMetrics(await endpoint.scrape());
    };

    let families = await scrape(); // flaky fails at T0 + 60 s
    expect(samplesOf(families, 'ecm_adoption_test_unit_value')).toEqual([{ labels: { unit: 'good' }, value: 7 }]);
    expect(samplesOf(families, 'ecm_adoption_exporter_up')).toEqual([{ labels: {}, value: 0 }]);
    expect(samplesOf(families, 'ecm_adoption_exporter_query_errors_total')).toContainEqual({ labels: { query: 'flaky' }, value: 1 });
    expect(samplesOf(families, 'ecm_adoption_exporter_query_errors_total')).toContainEqual({ labels: { query: 'good' }, value: 0 });
    expect(samplesOf(families, 'ecm_adoption_exporter_query_success')).toContainEqual({ labels: { query: 'flaky' }, value: 0 });
    expect(samplesOf(families, 'ecm_adoption_exporter_last_refresh_success_timestamp_seconds')).toEqual([{ labels: {}, value: 0 }]);
    // A query error on the ECM database: source down; the safety lane read all of its domain, the history lane not.
    // 2026-03-02T09:01:00Z = 1772442060 s since the epoch.
    expect(samplesOf(families, 'ecm_adoption_exporter_source_up')).toContainEqual({ labels: { source: 'ecm' }, value: 0 });
    expect(samplesOf(families, 'ecm_adoption_exporter_data_timestamp_seconds')).toEqual([
      { labels: { domain: 'safety' }, value: 1772442060 },
      { labels: { domain: 'indicators' }, value: 0 },
      { labels: { domain: 'governance' }, value: 0 },
    ]);

    failing = false;
    families = await scrape(); // both succeed at T0 + 120 s
    expect(samplesOf(families, 'ecm_adoption_test_unit_value')).toEqual([
      { labels: { unit: 'good' }, value: 7 },
      { labels: { unit: 'flaky' }, value: 3 },
    ]);
    expect(samplesOf(families, 'ecm_adoption_exporter_up')).toEqual([{ labels: {}, value: 1 }]);
    expect(samplesOf(families, 'ecm_adoption_exporter_source_up')).toContainEqual({ labels: { source: 'ecm' }, value: 1 });
    // 2026-03-02T09:02:00Z = 1772442120 s since the epoch.
    expect(samplesOf(families, 'ecm_adoption_exporter_last_refresh_success_timestamp_seconds')).toEqual([{ labels: {}, value: 1772442120 }]);
    expect(samplesOf(families, 'ecm_adoption_exporter_data_timestamp_seconds')).toContainEqual({ labels: { domain: 'indicators' }, value: 1772442120 });

    failing = true;
    families = await scrape(); // fails again at T0 + 180 s: its value of the previous refresh must not linger
    expect(samplesOf(families, 'ecm_adoption_test_unit_value')).toEqual([{ labels: { unit: 'good' }, value: 7 }]);
    expect(samplesOf(families, 'ecm_adoption_exporter_query_errors_total')).toContainEqual({ labels: { query: 'flaky' }, value: 2 });
    expect(samplesOf(families, 'ecm_adoption_exporter_up')).toEqual([{ labels: {}, value: 0 }]);
    expect(samplesOf(families, 'ecm_adoption_exporter_last_refresh_success_timestamp_seconds')).toEqual([{ labels: {}, value: 1772442120 }]);
    // The indicators' data time stays at the last full read; safety moves on (09:03:00Z = 1772442180).
    expect(samplesOf(families, 'ecm_adoption_exporter_data_timestamp_seconds')).toEqual([
      { labels: { domain: 'safety' }, value: 1772442180 },
      { labels: { domain: 'indicators' }, value: 1772442120 },
      { labels: { domain: 'governance' }, value: 0 },
    ]);
    expect(samplesOf(families, 'ecm_adoption_exporter_refreshes_total')).toEqual([
      { labels: { lane: 'safety' }, value: 3 },
      { labels: { lane: 'history' }, value: 3 },
    ]);
  });

  it('keeps a governance failure out of the ECM health: source_up{governance} 0, ECM and safety untouched', async () => {
    const failing: QueryUnit<null, number> = {
      name: 'governance_broken',
      run: async (tx) => (await tx.query('SELECT * FROM no_such_governance_table')).rows.length,
    };
    const clock = settableClock(T0);
    const refresher = createRefresher({
      db,
      pipeline: numberPipeline([{ name: 'ecm_count', run: async () => 1 }, failing], [{ name: 'live_one', run: async () => 5 }]),
      clock,
      statementTimeoutMs: 5000,
      concurrency: 2,
      logger,
    });
    await refresher.refresh();
    const text = await createMetricsEndpoint({ refresher, refreshIntervalSeconds: 60, version: 'test' }).scrape();
    const after = parseMetrics(text);
    expect(samplesOf(after, 'ecm_adoption_exporter_source_up')).toEqual([
      { labels: { source: 'ecm' }, value: 1 },
      { labels: { source: 'governance' }, value: 0 },
    ]);
    // 2026-03-02T09:00:00Z = 1772442000: safety and indicators read, governance never.
    expect(samplesOf(after, 'ecm_adoption_exporter_data_timestamp_seconds')).toEqual([
      { labels: { domain: 'safety' }, value: 1772442000 },
      { labels: { domain: 'indicators' }, value: 1772442000 },
      { labels: { domain: 'governance' }, value: 0 },
    ]);
    expect(samplesOf(after, 'ecm_adoption_test_safety_value')).toEqual([{ labels: { unit: 'live_one' }, value: 5 }]);
    expect(samplesOf(after, 'ecm_adoption_exporter_refresh_interval_seconds')).toEqual([{ labels: {}, value: 60 }]);
  });

  it('refuses writes: a unit that tries to INSERT fails and nothing is written', async () => {
    const writer: QueryUnit<null, number> = {
      name: 'writer',
      async run(tx) {
        await tx.query(`INSERT INTO ecm.locations (location_id, name, service_type, go_live_date) VALUES ('sneaky', 'S', 'residential', '2026-01-01')`);
        return 1;
      },
    };
    const refresher = createRefresher({ db, pipeline: numberPipeline([writer]), clock: settableClock(T0), statementTimeoutMs: 5000, concurrency: 1, logger });
    const snapshot = await refresher.refresh();
    const report = snapshot.units.find((u) => u.name === 'writer');
    expect(report?.ok).toBe(false);
    expect(report?.error).toMatch(/read-only transaction/);
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ecm.locations WHERE location_id = 'sneaky'`);
    expect(rows[0]?.n).toBe(0);
  });

  it('without the locations, runs no per-location unit but still the governance ones', async () => {
    const pipeline = numberPipeline([
      { name: 'good', run: async () => 1 },
      { name: 'governance_one', run: async () => 2 },
    ]);
    const brokenLocations = { ...pipeline.history.locations.unit, run: async () => Promise.reject(new Error('relation "ecm.locations" does not exist')) };
    const broken = { ...pipeline, history: { ...pipeline.history, locations: { ...pipeline.history.locations, unit: brokenLocations } } };
    const refresher = createRefresher({ db, pipeline: broken, clock: settableClock(T0), statementTimeoutMs: 5000, concurrency: 1, logger });
    const snapshot = await refresher.refresh();
    expect(snapshot.ok).toBe(false);
    const history = snapshot.lanes.history;
    expect(history?.units.map((u) => [u.name, u.ok])).toEqual([
      ['history_locations', false],
      ['governance_one', true],
      ['assemble_history', true],
    ]); // 'good' never ran
    expect(history?.families.flatMap((f) => f.samples)).toEqual([{ labels: { unit: 'governance_one' }, value: 2 }]);
    expect(history?.domainsRead).toEqual(['governance']);
    expect(snapshot.health.queryErrorsTotal.get('history_locations')).toBe(1);
    expect(snapshot.health.queryErrorsTotal.get('good')).toBe(0);
  });

  it('stops a lane at its deadline: unfinished units failed and counted, the lane free for its next run', async () => {
    const time = fakeTime(T0);
    const stuck = gate();
    const entered = gate();
    let hang = true;
    const hanging: QueryUnit<null, number> = {
      name: 'hanging',
      async run() {
        entered.open();
        if (hang) await stuck.promise; // a query that never returns (PGlite cannot be interrupted: the test unit is)
        return 4;
      },
    };
    const refresher = createRefresher({
      db,
      pipeline: numberPipeline([hanging, { name: 'after', run: async () => 1 }]),
      clock: time.clock,
      timers: time.timers,
      statementTimeoutMs: 5000,
      concurrency: 1,
      deadlinesMs: { history: 30_000 },
      logger,
    });
    const first = refresher.refreshLane('history');
    await entered.promise; // the locations were read (real I/O), the hanging unit runs
    await time.advance(29_999);
    expect(refresher.latest().lanes.history).toBeUndefined(); // still within its deadline
    await time.advance(1);
    const result = await first;
    expect(result.deadlineExceeded).toBe(true);
    expect(result.units.map((u) => [u.name, u.ok, u.error])).toEqual([
      ['history_locations', true, undefined],
      ['hanging', false, 'refresh deadline exceeded (30 s)'],
      ['after', false, 'refresh deadline exceeded (30 s)'], // never started: concurrency 1
      ['assemble_history', true, undefined],
    ]);
    const health = refresher.latest().health;
    expect(health.deadlineExceededTotal).toEqual({ safety: 0, history: 1 });
    expect([health.queryErrorsTotal.get('hanging'), health.queryErrorsTotal.get('after')]).toEqual([1, 1]);
    expect(health.dataTimestamp.indicators).toBeUndefined();
    hang = false;
    stuck.open(); // PGlite cannot interrupt the abandoned transaction: let it end before the next run
    await time.advance(60_000);
    const second = await refresher.refreshLane('history');
    expect(second.ok).toBe(true);
    // Read at T0 + 90 s (the fake clock moved 30 + 60 s) = 2026-03-02T09:01:30Z.
    expect(refresher.latest().health.dataTimestamp.indicators?.toISOString()).toBe('2026-03-02T09:01:30.000Z');
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
    const refresher = createRefresher({
      db,
      pipeline: numberPipeline([sleeper, quick]),
      clock: settableClock(T0),
      statementTimeoutMs: 200,
      concurrency: 2,
      logger,
    });
    const started = performance.now();
    const snapshot = await refresher.refresh();
    // Far below the 5 s sleep: the server cancelled it at 200 ms.
    expect(performance.now() - started).toBeLessThan(3000);
    expect(snapshot.units.find((u) => u.name === 'sleeper')?.error).toMatch(/statement timeout/);
    expect(snapshot.units.find((u) => u.name === 'quick')?.ok).toBe(true);
  });
});
