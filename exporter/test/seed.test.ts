import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteDb, type Db } from '../src/db/index.ts';
import { UserError } from '../src/errors.ts';
import { seedDatabase, type SeedSummary } from '../src/seed/index.ts';
import { daysSinceClockChange, historyDays } from '../src/seed/plan.ts';
import { profilePlans } from '../src/seed/stories.ts';
import { databaseTargets } from './support/databases.ts';
import { ecmDigests } from './support/digest.ts';

// A Wednesday after the October 2026 clock change (Sunday 25 October, 02:00 BST -> 01:00 GMT).
const NOW = new Date('2026-11-25T10:00:00Z');
const SEED = 42;

describe.each(databaseTargets())('seed small profile on $name', (target) => {
  let db: Db;
  let summary: SeedSummary;
  let digests: Awaited<ReturnType<typeof ecmDigests>>;

  beforeAll(async () => {
    db = await target.create();
    summary = await seedDatabase(db, { profile: 'small', seed: SEED, now: NOW });
    digests = await ecmDigests(db);
  });
  afterAll(async () => db?.close());

  it('is one residential home with 40 residents, 60 staff, live for 120 days', async () => {
    const { rows } = await db.query<{ location_id: string; service_type: string; go_live: string; timezone: string }>(
      `SELECT location_id, service_type, go_live_date::text AS go_live, timezone FROM ecm.locations`,
    );
    // 2026-11-25 - 120 days: -25 -> 10-31, -31 -> 09-30, -30 -> 08-31, -31 -> 07-31, -3 -> 07-28.
    expect(rows).toEqual([{ location_id: 'loc-01', service_type: 'residential', go_live: '2026-07-28', timezone: 'Europe/London' }]);
    const counts = await db.query<{ staff: number; residents: number; noted: number }>(
      `SELECT (SELECT count(*)::int FROM ecm.staff) AS staff,
              (SELECT count(DISTINCT service_user_id)::int FROM ecm.tasks) AS residents,
              (SELECT count(DISTINCT service_user_id)::int FROM ecm.care_notes) AS noted`,
    );
    expect(counts.rows[0]).toEqual({ staff: 60, residents: 40, noted: 40 });
    expect(summary.rows.locations).toBe(1);
    for (const count of Object.values(summary.rows)) expect(count).toBeGreaterThan(0);
  });

  it('keeps care at local clock times across the clock change inside the range', async () => {
    // Early shifts start 07:00 Europe/London: 06:00 UTC in summer time, 07:00 UTC after 25 October.
    const { rows } = await db.query<{ utc_hour: number; local_time: string; first: string; last: string }>(
      `SELECT extract(hour FROM starts_at AT TIME ZONE 'UTC')::int AS utc_hour,
              (starts_at AT TIME ZONE 'Europe/London')::time::text AS local_time,
              min((starts_at AT TIME ZONE 'Europe/London')::date)::text AS first, max((starts_at AT TIME ZONE 'Europe/London')::date)::text AS last
       FROM ecm.shifts WHERE shift_id LIKE 'shf-01-%-e%' GROUP BY 1, 2 ORDER BY 1`,
    );
    expect(rows).toEqual([
      { utc_hour: 6, local_time: '07:00:00', first: '2026-07-28', last: '2026-10-24' },
      { utc_hour: 7, local_time: '07:00:00', first: '2026-10-25', last: '2026-11-25' },
    ]);
    // Night shifts run 22:00-07:30 local: 9.5 h, but 10.5 h on the night the clocks go back.
    const nights = await db.query<{ day: string; hours: number }>(
      `SELECT (starts_at AT TIME ZONE 'Europe/London')::date::text AS day, extract(epoch FROM ends_at - starts_at)::float8 / 3600 AS hours
       FROM ecm.shifts WHERE shift_id LIKE 'shf-01-%-n00' AND starts_at BETWEEN '2026-10-23' AND '2026-10-26' ORDER BY starts_at`,
    );
    expect(nights.rows).toEqual([
      { day: '2026-10-23', hours: 9.5 },
      { day: '2026-10-24', hours: 10.5 },
      { day: '2026-10-25', hours: 9.5 },
    ]);
    // Medication rounds are due at 08:00, 12:00, 17:00 and 21:00 local on every day, in both seasons.
    const rounds = await db.query<{ local_time: string }>(
      `SELECT DISTINCT (due_at AT TIME ZONE 'Europe/London')::time::text AS local_time FROM ecm.tasks WHERE category = 'medication' ORDER BY 1`,
    );
    expect(rounds.rows.map((r) => r.local_time)).toEqual(['08:00:00', '12:00:00', '17:00:00', '21:00:00']);
  });

  it('writes nothing after now and only pseudonymous, generic notes of at least 8 words', async () => {
    const { rows } = await db.query<{ future: number; short: number; identities: number; bad_ids: number }>(
      `SELECT (SELECT count(*)::int FROM ecm.sessions WHERE started_at > $1) + (SELECT count(*)::int FROM ecm.care_notes WHERE recorded_at > $1)
            + (SELECT count(*)::int FROM ecm.alerts WHERE raised_at > $1 OR acknowledged_at > $1) + (SELECT count(*)::int FROM ecm.tasks WHERE completed_at > $1) AS future,
              (SELECT count(*)::int FROM ecm.care_notes WHERE array_length(regexp_split_to_array(trim(body), '\\s+'), 1) < 8) AS short,
              (SELECT count(*)::int FROM ecm.care_notes WHERE body ~ '(stf|su)-[0-9]') AS identities,
              (SELECT count(*)::int FROM ecm.staff WHERE staff_id !~ '^stf-01-[0-9]{4}$') + (SELECT count(*)::int FROM ecm.tasks WHERE service_user_id !~ '^su-01-[0-9]{4}$') AS bad_ids`,
      [NOW],
    );
    expect(rows[0]).toEqual({ future: 0, short: 0, identities: 0, bad_ids: 0 });
  });

  it('gives identical rows for the same seed and now, also on a fresh embedded database', async () => {
    const other = await createPgliteDb();
    try {
      await seedDatabase(other, { profile: 'small', seed: SEED, now: NOW });
      expect(await ecmDigests(other)).toEqual(digests);
    } finally {
      await other.close();
    }
  });

  it('refuses to seed over existing data without replace, leaving it untouched', async () => {
    const attempt = seedDatabase(db, { profile: 'small', seed: SEED + 1, now: NOW });
    await expect(attempt).rejects.toThrow(UserError);
    await expect(attempt).rejects.toThrow(/already hold data \(locations: 1, staff: 60, /);
    expect(await ecmDigests(db)).toEqual(digests);
  });

  it('replaces the data with replace: a different seed gives different rows, the same seed the same rows again', async () => {
    const replaced = await seedDatabase(db, { profile: 'small', seed: SEED + 1, now: NOW, replace: true });
    expect(replaced.rows.locations).toBe(1);
    const other = await ecmDigests(db);
    // The home and its staff list are the profile; everything that happens varies with the seed.
    expect(other.locations).toBe(digests.locations);
    expect(other.staff).toBe(digests.staff);
    for (const table of ['shifts', 'sessions', 'tasks', 'care_notes', 'alerts'] as const) expect(other[table]).not.toBe(digests[table]);
    await seedDatabase(db, { profile: 'small', seed: SEED, now: NOW, replace: true });
    expect(await ecmDigests(db)).toEqual(digests);
  });
});

describe('seed history range', () => {
  it('always contains a clock change: history reaches 7 days before the last one when go-live is later', () => {
    const [home] = profilePlans('small');
    if (!home) throw new Error('small profile has no location');
    // 25 Nov 2026: last change Sun 25 Oct (6 days left in October + 25) = 31 days ago; 120-day history covers it.
    expect(daysSinceClockChange(NOW)).toBe(31);
    expect(historyDays(home, NOW)).toBe(120);
    // 15 Aug 2026: last change Sun 29 Mar; 31 (to 29 Apr) + 30 + 31 + 30 (to 29 Jul) + 17 = 139 days; 139 + 7 = 146.
    const august = new Date('2026-08-15T12:00:00Z');
    expect(daysSinceClockChange(august)).toBe(139);
    expect(historyDays(home, august)).toBe(146);
    // On the day of a change it may still be ahead of now: the previous one counts (25 Oct 2026 -> 29 Mar 2026 = 210 days).
    expect(daysSinceClockChange(new Date('2026-10-25T00:30:00Z'))).toBe(210);
  });
});

describe('seed input checks', () => {
  it('refuses an ecm schema of views (an adapter) before writing anything', async () => {
    const db = await createPgliteDb();
    try {
      await db.exec(`CREATE SCHEMA ecm; CREATE VIEW ecm.locations AS SELECT 'x'::text AS location_id`);
      await expect(seedDatabase(db, { profile: 'small', seed: 1, now: NOW })).rejects.toThrow(/ecm\.locations is not a table/);
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'ecm'`);
      expect(rows[0]?.n).toBe(0);
    } finally {
      await db.close();
    }
  });

  it('rejects an unknown profile, a fractional seed and an invalid now', async () => {
    const db = await createPgliteDb();
    try {
      const bad = [
        { profile: 'huge' as 'small', seed: 1, now: NOW },
        { profile: 'small' as const, seed: 1.5, now: NOW },
        { profile: 'small' as const, seed: 1, now: new Date('nonsense') },
      ];
      for (const options of bad) await expect(seedDatabase(db, options)).rejects.toThrow(UserError);
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'ecm'`);
      expect(rows[0]?.n).toBe(0);
    } finally {
      await db.close();
    }
  });
});
