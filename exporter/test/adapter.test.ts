import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/index.ts';
import { seedDatabase } from '../src/seed/index.ts';
import { databaseTargets } from './support/databases.ts';
import { ecmDigests } from './support/digest.ts';
import { CORE_RATIOS, NOTE_DUPLICATION, ratio } from './support/story-queries.ts';
import { convertReferenceToVendor, ECM_TIMESTAMPS, normaliseToLocalClock } from './support/vendor.ts';

const NOW = new Date('2026-11-25T10:00:00Z');
const FROM_28D = new Date(NOW.getTime() - 28 * 86_400_000);
// The autumn change of 2026: Sunday 25 October, 01:00 UTC. Local 01:00-02:00 happens twice:
// first as BST, 00:00-01:00 UTC (the instants a local-time store cannot keep apart), then as GMT.
const REPEATED_HOUR = [new Date('2026-10-25T00:00:00Z'), new Date('2026-10-25T01:00:00Z')] as const;

const COLUMNS = `SELECT table_name::text AS table_name, column_name::text AS column_name, data_type::text AS data_type
  FROM information_schema.columns WHERE table_schema = 'ecm' ORDER BY 1, 2`;

describe.each(databaseTargets())('carevendor adapter on $name', (target) => {
  let db: Db;
  let inRepeatedHour = 0;
  let normalised = 0;
  let referenceDigests: Awaited<ReturnType<typeof ecmDigests>>;
  let referenceColumns: unknown[];
  const referenceRatios: Record<string, number> = {};
  const readRatios = async () => {
    const out: Record<string, number> = {};
    for (const [name, sql] of Object.entries({ ...CORE_RATIOS, note_duplication: NOTE_DUPLICATION })) {
      const r = await ratio(db, sql, 'loc-01', FROM_28D, NOW, NOW);
      out[name] = r.numerator * 1_000_000 + r.denominator; // both counts in one comparable number
    }
    return out;
  };

  beforeAll(async () => {
    db = await target.create();
    await seedDatabase(db, { profile: 'small', seed: 9, now: NOW });
    for (const [table, columns] of Object.entries(ECM_TIMESTAMPS)) {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ecm.${table} WHERE ${columns.map((c) => `(${c} >= $1 AND ${c} < $2)`).join(' OR ')}`,
        [...REPEATED_HOUR],
      );
      inRepeatedHour += rows[0]?.n ?? 0;
    }
    normalised = await normaliseToLocalClock(db);
    referenceDigests = await ecmDigests(db);
    referenceColumns = (await db.query(COLUMNS)).rows;
    Object.assign(referenceRatios, await readRatios());
    await convertReferenceToVendor(db);
  });
  afterAll(async () => db?.close());

  it('replaces the reference tables by views over the vendor tables', async () => {
    const { rows } = await db.query<{ relname: string; relkind: string }>(
      `SELECT c.relname, c.relkind::text AS relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'ecm' AND c.relkind IN ('r', 'v') ORDER BY 1`,
    );
    expect(rows).toEqual(['alerts', 'care_notes', 'locations', 'sessions', 'shifts', 'staff', 'tasks'].map((relname) => ({ relname, relkind: 'v' })));
    const vendor = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM carevendor.scheduled_intervention`);
    expect(vendor.rows[0]?.n).toBeGreaterThan(50_000);
  });

  it('offers exactly the contract columns and types', async () => {
    expect((await db.query(COLUMNS)).rows).toEqual(referenceColumns);
  });

  it('reads every row and column identically to the reference tables, across the clock change', async () => {
    expect(await ecmDigests(db)).toEqual(referenceDigests);
  });

  it('differs from unrounded reference data only in the repeated autumn hour', () => {
    // Rounding through local time moved exactly the rows with a time in 00:00-01:00 UTC on 25 Oct.
    expect(inRepeatedHour).toBeGreaterThan(0);
    expect(normalised).toBe(inRepeatedHour);
  });

  it('gives the same indicator numerators and denominators through the adapter', async () => {
    expect(await readRatios()).toEqual(referenceRatios);
  });

  it('keeps the 10.5 h night shift of the autumn change and local care times', async () => {
    const { rows } = await db.query<{ hours: number; local: string }>(
      `SELECT extract(epoch FROM ends_at - starts_at)::float8 / 3600 AS hours, (starts_at AT TIME ZONE 'Europe/London')::text AS local
       FROM ecm.shifts WHERE shift_id = 'shf-01-20261024-n00'`,
    );
    expect(rows).toEqual([{ hours: 10.5, local: '2026-10-24 22:00:00' }]);
  });

  it('is refused as a seed target', async () => {
    await expect(seedDatabase(db, { profile: 'small', seed: 1, now: NOW, replace: true })).rejects.toThrow(/are not tables/);
  });
});
