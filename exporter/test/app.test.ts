import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import type { Db } from '../src/db/index.ts';
import type { QueryUnit } from '../src/engine/types.ts';
import { migrateReferenceSchema } from '../src/migrate.ts';
import { CONTENT_TYPE } from '../src/runtime/exposition.ts';
import { createMetricsEndpoint } from '../src/runtime/endpoint.ts';
import { createRefresher } from '../src/runtime/refresher.ts';
import { databaseTargets } from './support/databases.ts';
import { gate, listenOnLoopback, numberPipeline, parseMetrics, promtoolCheckMetrics, samplesOf, settableClock, silentLogger } from './runtime/helpers.ts';

const T0 = new Date('2026-03-02T09:00:00Z');

describe.each(databaseTargets())('HTTP app on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await target.create();
    await migrateReferenceSchema(db);
    await db.exec(
      `INSERT INTO ecm.locations (location_id, name, service_type, go_live_date) VALUES ('loc-a', 'A', 'residential', '2026-01-01'), ('loc-b', 'B', 'homecare', '2026-01-01')`,
    );
  });
  afterAll(async () => db?.close());

  it('answers /healthz at once, /readyz 503 until the safety lane has read once, /metrics with health at 0 before and data after', async () => {
    const hold = gate();
    const locationsCounted: QueryUnit<null, number> = {
      name: 'location_count',
      async run(tx) {
        await hold.promise;
        return (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM ecm.locations')).rows[0]?.n ?? -1;
      },
    };
    const clock = settableClock(T0);
    // The held unit is a safety-lane unit: readiness waits for it.
    const refresher = createRefresher({
      db,
      pipeline: numberPipeline([], [locationsCounted]),
      clock,
      statementTimeoutMs: 5000,
      concurrency: 2,
      logger: silentLogger(),
    });
    const metrics = createMetricsEndpoint({ refresher, refreshIntervalSeconds: 60, version: '9.9.9' });
    const app = createApp({
      metrics,
      indicators: [{ name: 'task_on_time', title: 'Tasks <on> time', direction: 'higher_is_better', description: 'Completed within tolerance & on time.' }],
      logger: silentLogger(),
      mode: 'test',
    });
    const server = await listenOnLoopback(app);
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${server.url}/readyz`)).status).toBe(503);

      const before = await fetch(`${server.url}/metrics`); // before any run: the empty snapshot, health at 0
      expect(before.status).toBe(200);
      expect(before.headers.get('content-type')).toBe(CONTENT_TYPE);
      const early = parseMetrics(await before.text());
      expect(samplesOf(early, 'ecm_adoption_exporter_up')).toEqual([{ labels: {}, value: 0 }]);
      expect(samplesOf(early, 'ecm_adoption_exporter_source_up')).toEqual([
        { labels: { source: 'ecm' }, value: 0 },
        { labels: { source: 'governance' }, value: 0 },
      ]);
      expect(samplesOf(early, 'ecm_adoption_exporter_data_timestamp_seconds').map((s) => s.value)).toEqual([0, 0, 0]);
      expect(samplesOf(early, 'ecm_adoption_exporter_build_info')).toEqual([{ labels: { version: '9.9.9' }, value: 1 }]);
      expect(early.map((f) => f.name)).not.toContain('ecm_adoption_test_safety_value');

      const refreshed = refresher.refresh();
      // The history lane may finish meanwhile; readiness waits for the safety lane alone.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
      expect((await fetch(`${server.url}/metrics`)).status).toBe(200); // a scrape does not wait for the held query

      hold.open();
      await refreshed;
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      const text = await (await fetch(`${server.url}/metrics`)).text();
      const families = parseMetrics(text);
      // Two locations inserted in beforeAll.
      expect(samplesOf(families, 'ecm_adoption_test_safety_value')).toEqual([{ labels: { unit: 'location_count' }, value: 2 }]);
      expect(samplesOf(families, 'ecm_adoption_exporter_up')).toEqual([{ labels: {}, value: 1 }]);
      expect(samplesOf(families, 'ecm_adoption_exporter_refreshes_total')).toEqual([
        { labels: { lane: 'safety' }, value: 1 },
        { labels: { lane: 'history' }, value: 1 },
      ]);
      // 2026-03-02T09:00:00Z = 1772442000 s since the epoch.
      expect(samplesOf(families, 'ecm_adoption_exporter_last_refresh_success_timestamp_seconds')).toEqual([{ labels: {}, value: 1772442000 }]);
      expect(samplesOf(families, 'ecm_adoption_exporter_data_timestamp_seconds')).toContainEqual({ labels: { domain: 'safety' }, value: 1772442000 });
      expect(samplesOf(families, 'ecm_adoption_exporter_query_success').map((s) => s.labels.query)).toEqual([
        'locations',
        'location_count',
        'assemble_safety',
        'history_locations',
        'assemble_history',
      ]);
      const lint = await promtoolCheckMetrics(text);
      expect(lint.output).toBe('');
      expect(lint.code).toBe(0);

      const page = await fetch(`${server.url}/`);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await page.text();
      expect(html).toContain('<a href="metrics">/metrics</a>');
      expect(html).toContain(
        '<td><code>task_on_time</code></td><td>Tasks &#60;on&#62; time</td><td>higher is better</td><td>Completed within tolerance &#38; on time.</td>',
      );
      expect(html).toContain('last refresh 2026-03-02T09:00:00.000Z (all queries succeeded)');
      expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
