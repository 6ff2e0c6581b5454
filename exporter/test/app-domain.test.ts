import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import type { Db } from '../src/db/index.ts';
import { DEFAULT_INDICATOR_SETTINGS } from '../src/indicators/settings.ts';
import { migrateReferenceSchema } from '../src/migrate.ts';
import { createDomainPipeline, indicatorSummaries } from '../src/runtime/domain-pipeline.ts';
import { createMetricsEndpoint } from '../src/runtime/endpoint.ts';
import { createRefresher } from '../src/runtime/refresher.ts';
import { databaseTargets } from './support/databases.ts';
import { listenOnLoopback, parseMetrics, promtoolFindings, samplesOf, settableClock, silentLogger } from './runtime/helpers.ts';

// Location ids as a vendor adapter might hand them over: quotes, backslashes, a
// newline, Welsh and Japanese text. They must come back byte for byte.
const AWKWARD_IDS = ['Rose "Court"', 'C:\\homes\\north', 'line one\nline two', 'Tŷ Gwyn – Caerdydd', 'ケアホーム'];
const NOW = new Date('2026-03-02T09:00:00Z');

describe.each(databaseTargets())('the real indicator domain behind /metrics on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await target.create();
    await migrateReferenceSchema(db);
    for (const id of AWKWARD_IDS) {
      await db.query(
        `INSERT INTO ecm.locations (location_id, name, service_type, go_live_date, timezone) VALUES ($1, $2, 'residential', '2026-01-01', 'Europe/London')`,
        [id, `name of ${id}`],
      );
    }
  });
  afterAll(async () => db?.close());

  it('exports awkward location ids correctly escaped, and the whole output passes promtool', async () => {
    const clock = settableClock(NOW);
    const refresher = createRefresher({
      db,
      pipeline: createDomainPipeline(DEFAULT_INDICATOR_SETTINGS),
      clock,
      statementTimeoutMs: 10_000,
      concurrency: 4,
      logger: silentLogger(),
    });
    const metrics = createMetricsEndpoint({ refresher, refreshIntervalSeconds: 60, version: 'test' });
    const server = await listenOnLoopback(createApp({ metrics, indicators: indicatorSummaries(), logger: silentLogger(), mode: 'test' }));
    try {
      await refresher.refresh();
      const text = await (await fetch(`${server.url}/metrics`)).text();
      const families = parseMetrics(text);
      expect(samplesOf(families, 'ecm_adoption_exporter_up')).toEqual([{ labels: {}, value: 1 }]);
      // Go-live 2026-01-01 in Europe/London (GMT in winter) = 2026-01-01T00:00:00Z:
      // 56 years since 1970 with 14 leap days = 20454 days × 86400 s = 1767225600.
      const goLive = samplesOf(families, 'ecm_adoption_go_live_timestamp_seconds');
      expect(goLive.map((s) => s.labels.location).sort()).toEqual([...AWKWARD_IDS].sort());
      expect(goLive.every((s) => s.value === 1767225600)).toBe(true);
      // No location has any data, so every windowed indicator is suppressed (denominator 0 < min cohort 5).
      const suppressed = samplesOf(families, 'ecm_adoption_indicator_suppressed');
      expect(new Set(suppressed.map((s) => s.labels.location))).toEqual(new Set(AWKWARD_IDS));
      expect(samplesOf(families, 'ecm_adoption_indicator_info').map((s) => s.labels.indicator)).toEqual(indicatorSummaries().map((i) => i.name));
      expect(await promtoolFindings(text)).toEqual([]);
      // The landing page lists every indicator and no location.
      const html = await (await fetch(`${server.url}/`)).text();
      for (const indicator of indicatorSummaries()) expect(html).toContain(`<code>${indicator.name}</code>`);
      expect(html).not.toContain('Caerdydd');
    } finally {
      await server.close();
    }
  });
});
