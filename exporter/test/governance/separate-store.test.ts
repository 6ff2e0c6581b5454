/**
 * GOVERNANCE_DATABASE_URL: the governance store in a second database. `startService`
 * (what `serve` runs) gets both; the `governance_*` units must read the second one
 * and every ECM unit the first, each in a READ ONLY transaction, and shutdown closes both.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createPgliteDb, type Db } from '../../src/db/index.ts';
import { migrateGovernanceStore } from '../../src/governance/store.ts';
import { DEFAULT_INDICATOR_SETTINGS } from '../../src/indicators/settings.ts';
import { migrateReferenceSchema } from '../../src/migrate.ts';
import { createDomainPipeline, indicatorSummaries } from '../../src/runtime/domain-pipeline.ts';
import { createRefresher } from '../../src/runtime/refresher.ts';
import { startService, type Service } from '../../src/server.ts';
import { createScratchPostgres } from '../support/databases.ts';
import { numberPipeline, parseMetrics, samplesOf, settableClock, silentLogger } from '../runtime/helpers.ts';

const NOW = new Date('2026-11-25T12:00:00Z');
const DAY = 86_400;

/** Two separate databases of one kind: PGlite always, real PostgreSQL when TEST_DATABASE_URL is set. */
const pairs: Array<{ name: string; create: () => Promise<Db> }> = [{ name: 'pglite', create: () => createPgliteDb() }];
const adminUrl = process.env.TEST_DATABASE_URL;
if (adminUrl) pairs.push({ name: 'postgres', create: () => createScratchPostgres(adminUrl) });

describe.each(pairs)('a separate governance store on $name', (target) => {
  let service: Service | undefined;
  const opened: Db[] = [];
  const open = async (): Promise<Db> => {
    const db = await target.create();
    opened.push(db);
    return db;
  };
  afterEach(async () => {
    // The service closes both databases; this only cleans up when a test failed before it did.
    if (service) await service.close();
    else await Promise.all(opened.map((db) => db.close().catch((error: unknown) => console.error(error))));
    service = undefined;
    opened.length = 0;
  });

  it('serves governance metrics from the second database and ECM indicators from the first, then closes both', async () => {
    const ecm = await open();
    const governance = await open();
    await migrateReferenceSchema(ecm);
    await ecm.query(
      `INSERT INTO ecm.locations (location_id, name, service_type, go_live_date, timezone) VALUES ('home-a', 'Home A', 'residential', '2026-01-05', 'Europe/London')`,
    );
    // The ECM database holds a store too, with an older review: reading it by mistake would give 10 days, not 3.
    await migrateGovernanceStore(ecm);
    await ecm.query(
      `INSERT INTO adoption.governance_reviews (review_id, location_id, reviewed_at, forum, cadence) VALUES ('r-ecm', 'home-a', '2026-11-15T12:00:00Z', 'project_board', 'weekly')`,
    );
    // The governance database has no `ecm` schema at all: any ECM unit run there would fail.
    await migrateGovernanceStore(governance);
    await governance.query(
      `INSERT INTO adoption.governance_reviews (review_id, location_id, reviewed_at, forum, cadence) VALUES ('r-gov', 'home-a', '2026-11-22T12:00:00Z', 'project_board', 'weekly')`,
    );

    const started = await startService({
      db: ecm,
      governanceDb: governance,
      pipeline: createDomainPipeline(DEFAULT_INDICATOR_SETTINGS),
      indicators: indicatorSummaries(),
      clock: settableClock(NOW),
      logger: silentLogger(),
      listenAddress: '127.0.0.1',
      port: 0,
      refreshIntervalSeconds: 60,
      statementTimeoutMs: 10_000,
      concurrency: 2,
      mode: 'test',
    });
    service = started;
    await started.firstRefresh;
    const failed = started.refresher.latest()?.units.filter((unit) => !unit.ok) ?? [];
    expect(failed).toEqual([]);
    const families = parseMetrics(await (await fetch(`${started.url}metrics`)).text());

    // ECM side, from the first database: go-live 2026-01-05 00:00 GMT = 1767225600 (2026-01-01) + 4 × 86400 = 1767571200.
    expect(samplesOf(families, 'ecm_adoption_go_live_timestamp_seconds')).toEqual([{ labels: { location: 'home-a' }, value: 1767571200 }]);
    // Governance side, from the second database: latest review 2026-11-22T12:00Z, now 2026-11-25T12:00Z = 3 days = 259200 s.
    expect(samplesOf(families, 'ecm_adoption_governance_review_age_seconds')).toEqual([{ labels: { location: 'home-a' }, value: 3 * DAY }]);
    expect(samplesOf(families, 'ecm_adoption_governance_store_present')).toEqual([{ labels: {}, value: 1 }]);
    // 3 days < 7 days due in the weekly phase (no weeks on target yet): not overdue. From the first database it would be (10 > 7).
    expect(samplesOf(families, 'ecm_adoption_governance_review_overdue')).toEqual([{ labels: { location: 'home-a' }, value: 0 }]);

    await started.close();
    service = undefined;
    opened.length = 0;
    await expect(governance.query('SELECT 1')).rejects.toThrow();
    await expect(ecm.query('SELECT 1')).rejects.toThrow();
  });

  it('keeps the governance database read-only: a governance unit that writes fails, the others run', async () => {
    const ecm = await open();
    const governance = await open();
    await migrateReferenceSchema(ecm);
    await ecm.query(
      `INSERT INTO ecm.locations (location_id, name, service_type, go_live_date, timezone) VALUES ('home-a', 'Home A', 'residential', '2026-01-05', 'Europe/London')`,
    );
    await governance.exec('CREATE TABLE marks (n int)');
    const refresher = createRefresher({
      db: ecm,
      dbFor: (_lane, source) => (source === 'governance' ? governance : ecm),
      pipeline: numberPipeline([
        { name: 'governance_write', run: async (tx) => (await tx.query('INSERT INTO marks VALUES (1) RETURNING n')).rows.length },
        { name: 'governance_read', run: async (tx) => (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM marks')).rows[0]?.n ?? -1 },
        { name: 'ecm_read', run: async (tx) => (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM ecm.locations')).rows[0]?.n ?? -1 },
      ]),
      clock: settableClock(NOW),
      statementTimeoutMs: 10_000,
      concurrency: 1,
      logger: silentLogger(),
    });
    const snapshot = await refresher.refresh();
    const report = new Map(snapshot.units.map((unit) => [unit.name, unit]));
    expect(report.get('governance_write')?.error).toMatch(/read-only transaction/);
    // marks has no row (the write failed); ecm.locations has the one location inserted above.
    const values = snapshot.families.find((family) => family.definition.name === 'ecm_adoption_test_unit_value')?.samples;
    expect(values).toEqual([
      { labels: { unit: 'governance_read' }, value: 0 },
      { labels: { unit: 'ecm_read' }, value: 1 },
    ]);
    expect((await governance.query<{ n: number }>('SELECT count(*)::int AS n FROM marks')).rows[0]?.n).toBe(0);
  });
});
