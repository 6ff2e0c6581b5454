/**
 * Running against a read replica (docs/scale.md): a throwaway primary on 127.0.0.1,
 * a hot standby made with `pg_basebackup -R` (streaming replication, its own port), the
 * primary seeded after the standby exists (the staged parallel load included), replay
 * awaited. On the STANDBY the exporter's whole refresh (both lanes) and the evidence pack
 * must work, every query, and give what they give on the primary. A standby refuses every
 * write, so this also proves that nothing the exporter runs writes or makes a temporary table.
 * Then what the standby settings do to a long query when replay conflicts with it.
 *
 * PostgreSQL only: it needs initdb and pg_basebackup (TEST_PG_BIN, or root with the Debian
 * PostgreSQL 15 packages); without them it is reported as skipped, with the reason.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgDb, type Db } from '../src/db/index.ts';
import { generateEvidence } from '../src/evidence/generate.ts';
import { migrateGovernanceStore } from '../src/governance/store.ts';
import { DEFAULT_INDICATOR_SETTINGS } from '../src/indicators/settings.ts';
import { recordAlert } from '../src/issue-log/store.ts';
import { createDomainPipeline } from '../src/runtime/domain-pipeline.ts';
import { createRefresher, type Snapshot } from '../src/runtime/refresher.ts';
import { seedGovernanceLogs } from '../src/seed/governance-logs.ts';
import { seedDatabase } from '../src/seed/index.ts';
import { createPgCluster, createStandby, pgBinaries, type PgCluster } from './support/pg-cluster.ts';
import { settableClock, silentLogger } from './runtime/helpers.ts';
import { freePort } from './support/serve-process.ts';

const NOW = new Date('2026-11-25T10:00:00Z');
const binaries = pgBinaries();
const skipReason = 'missing' in binaries ? ` (skipped: ${binaries.missing})` : '';

async function one<T>(db: Db, sql: string, params: unknown[] = []): Promise<T | undefined> {
  const { rows } = await db.query<{ value: T }>(sql, params);
  return rows[0]?.value;
}

/** Waits until the standby has replayed everything the primary has written so far. */
async function waitForReplay(primary: Db, standby: Db): Promise<void> {
  const target = await one<string>(primary, 'SELECT pg_current_wal_lsn()::text AS value');
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (await one<boolean>(standby, 'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS value', [target])) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the standby did not replay up to ${target} within 60 s`);
}

/** A whole refresh, both lanes, at NOW, on one database (a fresh pipeline: nothing cached). */
async function refreshOn(db: Db): Promise<Snapshot> {
  const refresher = createRefresher({
    db,
    pipeline: createDomainPipeline(DEFAULT_INDICATOR_SETTINGS),
    clock: settableClock(NOW),
    statementTimeoutMs: 30_000,
    concurrency: 2,
    logger: silentLogger(),
  });
  return refresher.refresh();
}

describe.skipIf('missing' in binaries)(`the exporter on a hot standby${skipReason}`, () => {
  let primaryCluster: PgCluster | undefined;
  let standbyCluster: PgCluster | undefined;
  let primary: Db;
  let standby: Db;

  beforeAll(async () => {
    primaryCluster = createPgCluster({ port: await freePort() });
    // The standby as docs/scale.md recommends for the exporter: feedback on, replay waiting up to
    // 5 min for a query. The conflict tests below switch to short, known settings. The standby
    // reports its oldest snapshot every second when feedback is on.
    standbyCluster = createStandby(primaryCluster, {
      port: await freePort(),
      settings: { max_standby_streaming_delay: "'5min'", hot_standby_feedback: 'on', wal_receiver_status_interval: "'1s'" },
    });
    primary = createPgDb({ connectionString: primaryCluster.url(), max: 4 });
    standby = createPgDb({ connectionString: standbyCluster.url(), max: 4 });
    // Seeded after the standby exists: it all arrives by streaming replication.
    await seedDatabase(primary, { profile: 'medium', seed: 3, now: NOW });
    await migrateGovernanceStore(primary);
    await seedGovernanceLogs(primary, { profile: 'medium', seed: 3, now: NOW });
    await waitForReplay(primary, standby);
  });

  afterAll(async () => {
    await primary?.close();
    await standby?.close();
    standbyCluster?.remove();
    primaryCluster?.remove();
  });

  it('is a standby in recovery that streams from the primary and holds the seeded rows', async () => {
    expect(await one<boolean>(standby, 'SELECT pg_is_in_recovery() AS value')).toBe(true);
    expect(await one<string>(primary, `SELECT state AS value FROM pg_stat_replication`)).toBe('streaming');
    const counts = `SELECT (SELECT count(*) FROM ecm.locations) || '/' || (SELECT count(*) FROM ecm.tasks) || '/' || (SELECT count(*) FROM adoption.record_audits) AS value`;
    const onPrimary = await one<string>(primary, counts);
    expect(onPrimary).toMatch(/^10\/\d{6,}\/[1-9]\d*$/); // the medium profile's 10 homes and their audits
    expect(await one<string>(standby, counts)).toBe(onPrimary);
  });

  it('runs the whole refresh, both lanes, on the standby: every query succeeds, the families equal the primary', async () => {
    const onStandby = await refreshOn(standby);
    expect(
      onStandby.units.filter((unit) => !unit.ok).map((unit) => `${unit.name}: ${unit.error ?? ''}`),
      'failed units on the standby',
    ).toEqual([]);
    expect(onStandby.ok).toBe(true);
    // Non-trivial: the indicators, live gauges and governance evidence of ten homes.
    const names = new Set(onStandby.families.map((family) => family.definition.name));
    for (const name of ['ecm_adoption_indicator_ratio', 'ecm_adoption_governance_phase', 'ecm_adoption_alerts_unacknowledged']) expect(names).toContain(name);
    const onPrimary = await refreshOn(primary);
    expect(onPrimary.ok).toBe(true);
    expect(JSON.stringify(onStandby.families)).toBe(JSON.stringify(onPrimary.families));
  });

  it('builds the evidence pack on the standby, equal to the one built on the primary', async () => {
    const pack = (db: Db) =>
      generateEvidence(
        {
          ecm: db,
          governance: db,
          settings: DEFAULT_INDICATOR_SETTINGS,
          statementTimeoutMs: 30_000,
          now: NOW,
          version: 'test',
          ecmSource: 'ecm',
          governanceSource: 'ecm',
        },
        { scope: { kind: 'all' } },
      );
    const fromStandby = await pack(standby);
    expect(fromStandby.locations.map((location) => location.kind)).toEqual(Array.from({ length: 10 }, () => 'evidence'));
    expect(JSON.stringify(fromStandby)).toBe(JSON.stringify(await pack(primary)));
  });

  it('cannot write on the standby: the governance store and the issue-log receiver need the primary', async () => {
    await expect(migrateGovernanceStore(standby)).rejects.toThrow(/read-only transaction/);
    const alert = {
      status: 'firing' as const,
      labels: { alertname: 'EcmIndicatorRedWeekly', location: 'loc-01' },
      annotations: {},
      startsAt: NOW.toISOString(),
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: '',
      fingerprint: 'f00d',
    };
    await expect(standby.transaction((tx) => recordAlert(tx, alert, NOW))).rejects.toThrow(/cannot execute INSERT in a read-only transaction/);
  });

  /** Changes settings of the standby (ALTER SYSTEM, reload) and waits for its next status report to the primary. */
  async function setStandby(settings: Readonly<Record<string, string>>): Promise<void> {
    const admin = new pg.Client({ connectionString: standbyCluster?.url() });
    await admin.connect();
    try {
      for (const [name, value] of Object.entries(settings)) await admin.query(`ALTER SYSTEM SET ${name} = ${value}`);
      await admin.query('SELECT pg_reload_conf()');
    } finally {
      await admin.end();
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }

  /**
   * A read on the standby that is still running when the primary's VACUUM removes rows its
   * snapshot may need. The delete commits after the read started, so the read's snapshot
   * still sees those rows.
   */
  async function readDuringCleanup(seconds: number, rows: string): Promise<{ outcome: PromiseSettledResult<unknown>; heldBack: string | undefined }> {
    const read = standby.readOnly((tx) => tx.query(`SELECT count(*) AS n, pg_sleep(${seconds}) FROM ecm.alerts`), { statementTimeoutMs: 60_000 });
    const settled = read.then(
      (value): PromiseSettledResult<unknown> => ({ status: 'fulfilled', value }),
      (reason: unknown): PromiseSettledResult<unknown> => ({ status: 'rejected', reason }),
    );
    await new Promise((resolve) => setTimeout(resolve, 2500)); // the read runs, and feedback (every 1 s) has reached the primary
    const heldBack = await one<string>(primary, 'SELECT backend_xmin::text AS value FROM pg_stat_replication');
    await primary.query(`DELETE FROM ecm.alerts WHERE alert_id LIKE $1`, [rows]);
    await primary.exec('VACUUM ecm.alerts');
    return { outcome: await settled, heldBack };
  }

  it('without hot_standby_feedback, a long read is cancelled once replay has waited max_standby_streaming_delay', async () => {
    await setStandby({ hot_standby_feedback: 'off', max_standby_streaming_delay: "'1s'" });
    const { outcome, heldBack } = await readDuringCleanup(8, 'alr-01-%');
    expect(heldBack ?? null).toBeNull(); // NULL backend_xmin: the primary knows nothing of the standby's snapshot
    expect(outcome.status).toBe('rejected');
    const error: unknown = outcome.status === 'rejected' ? outcome.reason : undefined;
    expect(error).toBeInstanceOf(pg.DatabaseError);
    // SQLSTATE 40001: what the exporter reports as that query's failure (query_success 0) for one refresh.
    expect(error instanceof pg.DatabaseError ? [error.code, error.message, error.detail] : []).toEqual([
      '40001',
      'canceling statement due to conflict with recovery',
      'User query might have needed to see row versions that must be removed.',
    ]);
  });

  it('with hot_standby_feedback on, the primary keeps those rows until the read ends, and the read completes', async () => {
    await setStandby({ hot_standby_feedback: 'on' });
    const { outcome, heldBack } = await readDuringCleanup(5, 'alr-02-%');
    expect(heldBack).toMatch(/^\d+$/); // the standby's oldest snapshot holds back the primary's cleanup
    expect(outcome.status).toBe('fulfilled');
    // The cost: the deleted rows stay on the primary until the read is over; then VACUUM removes them.
    await primary.exec('VACUUM ecm.alerts');
    await waitForReplay(primary, standby);
    expect(await one<number>(standby, `SELECT count(*)::int AS value FROM ecm.alerts WHERE alert_id LIKE 'alr-02-%'`)).toBe(0);
  });

  it('a lock taken on the primary (DDL, an adapter migration) cancels a long read even with feedback on', async () => {
    const read = standby.readOnly((tx) => tx.query('SELECT count(*) AS n, pg_sleep(8) FROM ecm.tasks'), { statementTimeoutMs: 60_000 });
    const settled = read.then(
      () => undefined,
      (error: unknown) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await primary.transaction(async (tx) => {
      await tx.query('LOCK TABLE ecm.tasks IN ACCESS EXCLUSIVE MODE');
      await tx.query('SELECT pg_sleep(3)'); // held long enough for the standby to replay it and give up waiting
    });
    const error = await settled;
    expect(error instanceof pg.DatabaseError ? [error.code, error.detail] : error).toEqual(['40001', 'User was holding a relation lock for too long.']);
  });
});
