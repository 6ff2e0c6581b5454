/**
 * Making the seed faster must not change what it writes. The digests below were taken from
 * the generator as it was before the staged parallel load (every location's statements in
 * one connection), on PostgreSQL 15; the same seed and now give the same rows on PGlite
 * (test/seed.test.ts). They cannot be worked out by hand: they pin the data set itself, so
 * any change to a single row of any table shows here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/index.ts';
import { countRows, seedDatabase, type SeedProfile } from '../src/seed/index.ts';
import { createScratchPostgres, databaseTargets } from './support/databases.ts';
import { ecmDigests } from './support/digest.ts';

const NOW = new Date('2026-11-25T10:00:00Z');

const BEFORE: Record<'small' | 'medium', { seed: number; digests: Awaited<ReturnType<typeof ecmDigests>> }> = {
  small: {
    seed: 42,
    digests: {
      locations: '78005921d31e9794da4a731913672826',
      staff: '228bdd00c9a218c65dc7b78358edb19f',
      shifts: 'd3731a706eccf707dcabc3e8d950c847',
      sessions: 'f39a2dcf44fa1b6c7ce271be88b48a5f',
      tasks: '16dd2c52b853ca9ef02c07cd46075527',
      care_notes: 'fd25fccbf7fd063f62b9a9fdb2befa1e',
      alerts: '3ed3d5d35f66641b1a45e1d7240c48d4',
    },
  },
  medium: {
    seed: 5,
    digests: {
      locations: '329095d73fe4cc72a46067415a15d208',
      staff: 'd1110f1103ad071246fb8abfdafa4598',
      shifts: 'b5aefeae21b5cccbb58b09e0082f52cb',
      sessions: 'b2868dc715ae7996465d7805e077d940',
      tasks: '4bff60939ff665d1d49a79239931b009',
      care_notes: 'a510d60c70c5a4db32f094a6879efe74',
      alerts: '1b75abcaf0328814e4edeaaa5a1f0787',
    },
  },
};

async function seedAndDigest(db: Db, profile: SeedProfile & keyof typeof BEFORE, connections?: number): Promise<Awaited<ReturnType<typeof ecmDigests>>> {
  const summary = await seedDatabase(db, { profile, seed: BEFORE[profile].seed, now: NOW, replace: true, ...(connections ? { connections } : {}) });
  // The summary's counts (from the transaction's own statistics on PostgreSQL) are the table's.
  expect(summary.rows).toEqual(await countRows(db));
  return ecmDigests(db);
}

describe.each(databaseTargets())('seed digests of the small profile against the generator before the staged load, on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await target.create();
  });
  afterAll(async () => db?.close());

  it('small profile: the same rows', async () => {
    expect(await seedAndDigest(db, 'small')).toEqual(BEFORE.small.digests);
  });
});

const pgUrl = process.env.TEST_DATABASE_URL;

// The medium profile's ten locations go through the staged parallel load, which only PostgreSQL has.
describe.runIf(pgUrl)('the staged load on PostgreSQL', () => {
  let db: Db;
  beforeAll(async () => {
    if (!pgUrl) throw new Error('TEST_DATABASE_URL');
    db = await createScratchPostgres(pgUrl);
    await seedDatabase(db, { profile: 'small', seed: BEFORE.small.seed, now: NOW });
  });
  afterAll(async () => db?.close());

  const stagingSchemas = async (): Promise<string[]> =>
    (await db.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'ecm\\_seed\\_load\\_%'`)).rows.map((row) => row.nspname);

  it('medium profile: the same rows with 2 (the default) and 3 generating connections, and with 1', async () => {
    const other = await createScratchPostgres(pgUrl ?? '');
    try {
      expect(await seedAndDigest(other, 'medium')).toEqual(BEFORE.medium.digests);
      expect(await seedAndDigest(other, 'medium', 3)).toEqual(BEFORE.medium.digests);
      expect(await seedAndDigest(other, 'medium', 1)).toEqual(BEFORE.medium.digests);
    } finally {
      await other.close();
    }
  });

  it('refuses to write over data without replace before creating anything', async () => {
    await expect(seedDatabase(db, { profile: 'medium', seed: 5, now: NOW })).rejects.toThrow(/already hold data \(locations: 1, staff: 60, /);
    expect(await stagingSchemas()).toEqual([]);
    expect(await ecmDigests(db)).toEqual(BEFORE.small.digests);
  });

  it('a failure while publishing leaves the ecm tables as they were, keys included, and drops the staging tables', async () => {
    const keys = async () =>
      (
        await db.query<{ def: string }>(
          `SELECT conname || ' ' || pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = 'ecm'::regnamespace ORDER BY 1`,
        )
      ).rows;
    const before = await keys();
    // A rule of the database (here a check) that the fifth location's alerts break: the
    // publishing transaction fails after copying shifts, sessions, tasks and notes in.
    await db.query(`ALTER TABLE ecm.alerts ADD CONSTRAINT no_alerts_at_loc_05 CHECK (location_id <> 'loc-05')`);
    try {
      await expect(seedDatabase(db, { profile: 'medium', seed: 5, now: NOW, replace: true })).rejects.toThrow(/no_alerts_at_loc_05/);
      expect(await ecmDigests(db)).toEqual(BEFORE.small.digests);
      expect(await stagingSchemas()).toEqual([]);
    } finally {
      await db.query('ALTER TABLE ecm.alerts DROP CONSTRAINT no_alerts_at_loc_05');
    }
    expect(await keys()).toEqual(before);
  });
});
