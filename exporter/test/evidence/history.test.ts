/**
 * History is read with one grouped query per indicator, split into statements of
 * bounded size (at most 10 locations, at most 56 days of windows per location).
 */
import { describe, expect, it } from 'vitest';
import { createPgliteDb } from '../../src/db/pglite.ts';
import type { Db, Queryable } from '../../src/db/types.ts';
import type { WindowSpec } from '../../src/engine/domain-units.ts';
import { generateEvidence } from '../../src/evidence/generate.ts';
import { chunkWindows } from '../../src/evidence/history.ts';
import { migrateReferenceSchema } from '../../src/migrate.ts';
import { insertEcmFixture, NOW, SETTINGS } from './fixture.ts';

const DAY = 86_400_000;
const t0 = Date.parse('2026-01-05T00:00:00Z');
const window = (locationId: string, startDay: number, days: number): WindowSpec => ({
  locationId,
  label: `${locationId}:${startDay}`,
  starts: new Date(t0 + startDay * DAY),
  ends: new Date(t0 + (startDay + days) * DAY),
});

describe('chunkWindows', () => {
  it('keeps each statement within the location and day budget, and every window exactly once', () => {
    // 3 locations x (12 weeks + 3 months of 31 days) = 36 weeks and 9 months.
    const windows = ['a', 'b', 'c'].flatMap((id) => [
      ...Array.from({ length: 12 }, (_, k) => window(id, 7 * k, 7)),
      ...Array.from({ length: 3 }, (_, k) => window(id, 31 * k, 31)),
    ]);
    const statements = chunkWindows(windows, { locations: 2, daysPerLocation: 56 });
    for (const statement of statements) {
      const locations = new Set(statement.map((w) => w.locationId));
      expect(locations.size).toBeLessThanOrEqual(2);
      for (const id of locations) {
        const days = statement.filter((w) => w.locationId === id).reduce((sum, w) => sum + (w.ends.getTime() - w.starts.getTime()) / DAY, 0);
        expect(days).toBeLessThanOrEqual(56);
      }
    }
    expect(
      statements
        .flat()
        .map((w) => w.label)
        .sort(),
    ).toEqual(windows.map((w) => w.label).sort());
    // Per location, in order: 8 weeks (56 days), then 4 weeks (28; a 31-day month would make 59),
    // then each month alone (31 + 31 > 56): 5 chunks. a and b share 5 statements, c has 5 of its own.
    expect(statements.length).toBe(10);
  });

  it('a window longer than the budget goes alone', () => {
    expect(chunkWindows([window('a', 0, 90), window('a', 90, 7)], { locations: 10, daysPerLocation: 56 }).map((s) => s.length)).toEqual([1, 1]);
  });
});

describe('the queries of one pack', () => {
  it('are one per indicator for the weeks and one per indicator for the other periods, in one snapshot', async () => {
    const db = await createPgliteDb();
    try {
      await migrateReferenceSchema(db);
      await insertEcmFixture(db);
      const statements: string[] = [];
      let transactions = 0;
      // Counts the statements of every READ ONLY transaction the pack opens on the ECM database.
      const counting: Db = {
        ...db,
        readOnly: (fn, options) => {
          transactions += 1;
          const spy = (tx: Queryable): Queryable => ({
            query: (sql, params) => {
              statements.push(sql);
              return tx.query(sql, params);
            },
          });
          return db.readOnly((tx) => fn(spy(tx)), options);
        },
      };
      await generateEvidence(
        { ecm: counting, governance: db, settings: SETTINGS, statementTimeoutMs: 10_000, now: NOW, version: 't', ecmSource: 'a', governanceSource: 'b' },
        { scope: { kind: 'location', locationId: 'home' } },
      );
      // 1 transaction: the locations, then 7 indicators x 1 statement for the 8 judged weeks
      // (56 days, exactly the budget), then 7 x 1 for Jan 2026, Feb 2026 and the running week (31 days).
      expect(transactions).toBe(1);
      expect(statements.length).toBe(1 + 7 + 7);
    } finally {
      await db.close();
    }
  });
});
