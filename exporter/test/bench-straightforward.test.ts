/**
 * The straightforward peer of bench:scale (bench/straightforward/) must count what
 * the exporter counts, or the comparison is not fair: on the seeded small profile,
 * every indicator's numerator and denominator over 7d and 28d are the same from the
 * exporter's SQL and from the plain query.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRAIGHTFORWARD_QUERIES } from '../bench/straightforward/index.ts';
import type { Db } from '../src/db/index.ts';
import { rollingWindows, runIndicator } from '../src/engine/domain-units.ts';
import type { LocationInfo } from '../src/engine/types.ts';
import { INDICATORS } from '../src/indicators/index.ts';
import { DEFAULT_INDICATOR_SETTINGS } from '../src/indicators/settings.ts';
import { seedDatabase } from '../src/seed/index.ts';
import { databaseTargets } from './support/databases.ts';

// 30 days after the 25 October 2026 clock change would leave it out of 28d: the 28d window
// of this now contains it, so a window written in days rather than hours would differ by an hour.
const NOW = new Date('2026-11-18T10:30:00Z');

type Counts = Map<string, [number, number]>;

/** location|window -> [numerator, denominator], windows with nothing to count left out (the peer has no row for them). */
function countsOf(rows: ReadonlyArray<{ locationId: string; window: string; numerator: number; denominator: number }>): Counts {
  const counts: Counts = new Map();
  for (const row of rows) if (row.denominator > 0) counts.set(`${row.locationId}|${row.window}`, [row.numerator, row.denominator]);
  return counts;
}

describe.each(databaseTargets())('straightforward peer queries against the exporter on $name', (target) => {
  let db: Db;
  let locations: LocationInfo[];

  beforeAll(async () => {
    db = await target.create();
    await seedDatabase(db, { profile: 'small', seed: 11, now: NOW });
    const { rows } = await db.query<{ location_id: string; go_live_date: string; timezone: string }>(
      `SELECT location_id, go_live_date::text AS go_live_date, timezone FROM ecm.locations`,
    );
    locations = rows.map((row) => ({
      locationId: row.location_id,
      name: row.location_id,
      serviceType: 'residential',
      goLiveDate: row.go_live_date,
      timezone: row.timezone,
    }));
  });
  afterAll(async () => db?.close());

  it('has one plain query per indicator of the registry', () => {
    expect(STRAIGHTFORWARD_QUERIES.map((query) => query.indicator).sort()).toEqual(INDICATORS.map((indicator) => indicator.name).sort());
  });

  it.each(INDICATORS.map((indicator) => [indicator.name, indicator]))('%s: same numerator and denominator over 7d and 28d', async (name, indicator) => {
    const peer = STRAIGHTFORWARD_QUERIES.find((query) => query.indicator === name);
    if (!peer) throw new Error(`no straightforward query for ${name}`);
    const exporter = countsOf(await runIndicator(db, indicator, rollingWindows(locations, NOW), NOW, DEFAULT_INDICATOR_SETTINGS));
    const { rows } = await db.query<{ location_id: string; window: string; numerator: number; denominator: number }>(peer.sql, [NOW.toISOString()]);
    const plain = countsOf(rows.map((row) => ({ locationId: row.location_id, window: row.window, numerator: row.numerator, denominator: row.denominator })));
    // The small profile's one home has data in both windows for every indicator, so the
    // comparison covers 2 windows; the 28d window holds about four times the 7d one's events,
    // but login coverage counts distinct staff, and the same staff work every week.
    expect([...exporter.keys()].sort()).toEqual(['loc-01|28d', 'loc-01|7d']);
    const [, week] = exporter.get('loc-01|7d') ?? [0, 0];
    const [, month] = exporter.get('loc-01|28d') ?? [0, 0];
    expect(week).toBeGreaterThan(0);
    if (name === 'login_coverage') expect(month).toBeGreaterThanOrEqual(week);
    else expect(month).toBeGreaterThan(3 * week);
    expect(plain).toEqual(exporter);
  });
});
