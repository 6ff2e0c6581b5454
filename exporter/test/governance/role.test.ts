/**
 * The exporter's login role on real PostgreSQL, created exactly as the README says,
 * and as the README used to say (grants on schema `ecm` only). Without the grants on
 * schema `adoption` the governance store is a state (no_permission), not seven query
 * errors that make the whole exporter look down and mute the safety alerts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgDb } from '../../src/db/pg.ts';
import type { Db } from '../../src/db/types.ts';
import { migrateGovernanceStore } from '../../src/governance/store.ts';
import { DEFAULT_INDICATOR_SETTINGS } from '../../src/indicators/settings.ts';
import { migrateReferenceSchema } from '../../src/migrate.ts';
import { createDomainPipeline } from '../../src/runtime/domain-pipeline.ts';
import { createMetricsEndpoint } from '../../src/runtime/endpoint.ts';
import { createRefresher } from '../../src/runtime/refresher.ts';
import { createScratchPostgres } from '../support/databases.ts';
import { insert } from '../support/fixtures.ts';
import { asAdmin, dropRole, readmeSqlBlocks, recordingLogger, roleUrl, uniqueRole } from '../support/pg-roles.ts';
import { parseMetrics, samplesOf, settableClock } from '../runtime/helpers.ts';

const NOW = new Date('2026-11-25T12:00:00Z');
const DAY = 86_400;

/** The recipe the README gave before: schema `ecm` only. */
const OLD_RECIPE = (role: string, database: string) => `
CREATE ROLE ${role} LOGIN PASSWORD 'change-me' CONNECTION LIMIT 8;
GRANT CONNECT ON DATABASE ${database} TO ${role};
GRANT USAGE ON SCHEMA ecm TO ${role};
GRANT SELECT ON ALL TABLES IN SCHEMA ecm TO ${role};
ALTER DEFAULT PRIVILEGES IN SCHEMA ecm GRANT SELECT ON TABLES TO ${role};
ALTER ROLE ${role} SET default_transaction_read_only = on;
ALTER ROLE ${role} SET statement_timeout = '30s';`;

const adminUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!adminUrl)('the exporter role on PostgreSQL', () => {
  const admin = adminUrl ?? '';
  let scratch: Db & { url: string };
  let database: string;
  const roles: string[] = [];

  beforeAll(async () => {
    scratch = await createScratchPostgres(admin);
    database = new URL(scratch.url).pathname.slice(1);
    await migrateReferenceSchema(scratch);
    await migrateGovernanceStore(scratch);
    await insert(scratch, 'locations', [{ location_id: 'home', go_live_date: '2026-01-05' }]);
    // One falls-sensor alert raised 10 min before now, critical (target 180 s), not acknowledged: 1 unacknowledged.
    await insert(scratch, 'alerts', [{ location_id: 'home', source: 'falls_sensor', severity: 'critical', raised_at: '2026-11-25T11:50:00Z' }]);
    // The latest governance review, 3 days before now.
    await scratch.query(
      `INSERT INTO adoption.governance_reviews (review_id, location_id, reviewed_at, forum, cadence) VALUES ('r-1', 'home', '2026-11-22T12:00:00Z', 'project_board', 'weekly')`,
    );
  });
  afterAll(async () => {
    await scratch?.close();
    for (const role of roles) await dropRole(admin, role);
  });

  /** Two refreshes (now, now + 60 s) as `role`, as serve runs them: a pool for history, one connection for safety. */
  async function exportAs(role: string) {
    const url = roleUrl(admin, database, role, 'change-me');
    const db = createPgDb({ connectionString: url, max: 2, queryTimeoutMs: 12_000, connectTimeoutMs: 5000 });
    const safetyDb = createPgDb({ connectionString: url, max: 1, queryTimeoutMs: 12_000, connectTimeoutMs: 5000 });
    const logger = recordingLogger();
    const clock = settableClock(NOW);
    try {
      const refresher = createRefresher({
        db,
        dbFor: (lane) => (lane === 'safety' ? safetyDb : db),
        pipeline: createDomainPipeline(DEFAULT_INDICATOR_SETTINGS),
        clock,
        statementTimeoutMs: 10_000,
        concurrency: 2,
        logger,
      });
      await refresher.refresh();
      const first = parseMetrics(await createMetricsEndpoint({ refresher, refreshIntervalSeconds: 60, version: 'test' }).scrape());
      clock.advanceSeconds(60);
      await refresher.refresh();
      const second = parseMetrics(await createMetricsEndpoint({ refresher, refreshIntervalSeconds: 60, version: 'test' }).scrape());
      return { first, second, logger };
    } finally {
      await Promise.all([db.close(), safetyDb.close()]);
    }
  }

  it('with the README recipe reads the governance store (state ready) and the ECM data', async () => {
    const role = uniqueRole();
    roles.push(role);
    const blocks = await readmeSqlBlocks('## Connect your ECM database');
    expect(blocks).toHaveLength(2); // the ECM grants, then the governance store's
    for (const block of blocks) await asAdmin(admin, database, block.replace(/\becm_exporter\b/g, role).replace(/DATABASE ecm\b/g, `DATABASE ${database}`));

    const { first, logger } = await exportAs(role);
    expect(samplesOf(first, 'ecm_adoption_governance_store_state')).toEqual([
      { labels: { state: 'ready' }, value: 1 },
      { labels: { state: 'not_migrated' }, value: 0 },
      { labels: { state: 'no_permission' }, value: 0 },
    ]);
    // Review 2026-11-22T12:00Z, now 2026-11-25T12:00Z: 3 days.
    expect(samplesOf(first, 'ecm_adoption_governance_review_age_seconds')).toEqual([{ labels: { location: 'home' }, value: 3 * DAY }]);
    expect(samplesOf(first, 'ecm_adoption_exporter_up')).toEqual([{ labels: {}, value: 1 }]);
    expect(samplesOf(first, 'ecm_adoption_alerts_unacknowledged')).toContainEqual({ labels: { location: 'home', severity: 'critical' }, value: 1 });
    expect(logger.lines.filter((line) => line.level === 'warn')).toEqual([]);
  });

  it('with the old recipe (ecm only): state no_permission, no query error, ECM and safety served, the grants logged once', async () => {
    const role = uniqueRole();
    roles.push(role);
    await asAdmin(admin, database, OLD_RECIPE(role, database));

    const { first, second, logger } = await exportAs(role);
    for (const families of [first, second]) {
      expect(samplesOf(families, 'ecm_adoption_governance_store_state')).toEqual([
        { labels: { state: 'ready' }, value: 0 },
        { labels: { state: 'not_migrated' }, value: 0 },
        { labels: { state: 'no_permission' }, value: 1 },
      ]);
      expect(samplesOf(families, 'ecm_adoption_governance_store_present')).toEqual([{ labels: {}, value: 0 }]);
      expect(samplesOf(families, 'ecm_adoption_governance_review_age_seconds')).toEqual([]);
      // The store answered (with its state): both sources up, and so is the exporter.
      expect(samplesOf(families, 'ecm_adoption_exporter_source_up')).toEqual([
        { labels: { source: 'ecm' }, value: 1 },
        { labels: { source: 'governance' }, value: 1 },
      ]);
      expect(samplesOf(families, 'ecm_adoption_exporter_up')).toEqual([{ labels: {}, value: 1 }]);
      expect(samplesOf(families, 'ecm_adoption_alerts_unacknowledged')).toContainEqual({ labels: { location: 'home', severity: 'critical' }, value: 1 });
      const governanceErrors = samplesOf(families, 'ecm_adoption_exporter_query_errors_total').filter((sample) =>
        sample.labels.query?.startsWith('governance_'),
      );
      expect(governanceErrors).toHaveLength(7);
      expect(governanceErrors.every((sample) => sample.value === 0)).toBe(true);
    }
    // Safety data of the second refresh: now + 60 s = 2026-11-25T12:01:00Z = 1795608060.
    expect(samplesOf(second, 'ecm_adoption_exporter_data_timestamp_seconds')).toContainEqual({ labels: { domain: 'safety' }, value: 1795608060 });
    const hints = logger.lines.filter((line) => line.level === 'warn');
    expect(hints).toHaveLength(1); // two refreshes, one line
    expect(hints[0]?.object.grants).toBe(`GRANT USAGE ON SCHEMA adoption TO ${role}; GRANT SELECT ON ALL TABLES IN SCHEMA adoption TO ${role};`);
    expect(hints[0]?.object.role).toBe(role);
  });
});
