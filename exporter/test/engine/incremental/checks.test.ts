/**
 * Cheap re-verification through per-bucket digests (engine/incremental/checks.ts):
 * unchanged buckets are checked, not read in full; a change no timestamp shows is
 * still found within the interval, also when a bucket read in full in between
 * (through its timestamp) went back to the rows its digest was taken from. Care notes
 * here: tasks re-verify by reading in full (see passes/tasks.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/index.ts';
import { createIncrementalEngine } from '../../../src/engine/incremental/engine.ts';
import { differingDigests, nextDigests } from '../../../src/engine/incremental/checks.ts';
import { databaseTargets } from '../../support/databases.ts';
import { at, freshDatabase, insert, plusMinutes, settingsWith } from '../../support/fixtures.ts';
import { engineNumbers, readLocations, referenceNumbers, refreshEngine } from './support.ts';

const NOW = at('2026-03-31T12:17:00Z'); // Tuesday; the home went live on Monday 5 Jan (fixtures' default), hourly buckets
const settings = settingsWith();

describe('digests held', () => {
  it('drops the digest of a bucket read in full without a check, keeps and adds checked ones, within the span', () => {
    const held = new Map([
      [10, '1:5'],
      [11, '2:7'],
      [12, '0'],
    ]);
    // bucket 11 read in full (a timestamped change), 12 checked now, 13 checked for the first time; span [10, 14)
    const next = nextDigests(
      held,
      [[11, 12]],
      new Map([
        [12, '1:3'],
        [13, '0'],
      ]),
      { detailFrom: 10, coveredTo: 14 },
    );
    expect([...next].sort((a, b) => a[0] - b[0])).toEqual([
      [10, '1:5'],
      [12, '1:3'],
      [13, '0'],
    ]);
    // the span moved on: bucket 10 left it
    expect([...nextDigests(next, [], undefined, { detailFrom: 11, coveredTo: 15 }).keys()].sort()).toEqual([12, 13]);
    // only buckets with a digest held can differ; one without is read in full anyway
    expect([
      ...differingDigests(
        held,
        new Map([
          [10, '1:5'],
          [11, '2:8'],
          [13, '4:1'],
        ]),
      ),
    ]).toEqual([11]);
  });
});

describe.each(databaseTargets())('cheap re-verification on $name', (target) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('checks unchanged hours without reading them, and still finds an edited time and a change undone', async () => {
    const database = (db = await freshDatabase(target));
    await insert(database, 'care_notes', [
      { occurred_at: at('2026-03-28T10:00Z'), recorded_at: at('2026-03-28T10:30Z') },
      { occurred_at: at('2026-03-30T08:00Z'), recorded_at: at('2026-03-30T08:30Z') },
      { occurred_at: at('2026-03-31T09:00Z'), recorded_at: at('2026-03-31T09:10Z') },
    ]);
    const engine = createIncrementalEngine({ reverifyMinutes: 15 });
    await refreshEngine(database, engine, NOW, settings); // reads everything and takes the digests of the 28-day span
    const quiet = (await refreshEngine(database, engine, plusMinutes(NOW, 1), settings)).get('care_notes')?.report;
    // One minute of a 15-minute cycle: floor(168 / 15) = 11 of the 168 hours of the last 7 days, and
    // floor(504 / 60) = 8 of the 504 hours of the 21 days before them, all with a digest: checked only.
    expect(quiet?.bucketsChecked).toBe(19);
    // Re-verified besides: the settled week of 5 Jan (168 hours), read in full as before.
    expect(quiet?.bucketsReverified).toBe(19 + 168);
    expect(quiet?.differences).toBe(0);
    const timeliness = (views: Awaited<ReturnType<typeof refreshEngine>>) => engineNumbers(views).indicators.note_timeliness?.['home 7d'];

    // The note of 30 Mar 08:00 is recorded again now (a timestamp: its hour is read in full, its digest dropped) ...
    await database.query(`UPDATE ecm.care_notes SET recorded_at = $1 WHERE occurred_at = $2`, [plusMinutes(NOW, 1.5), at('2026-03-30T08:00Z')]);
    // 7d: three notes, the one of 30 Mar now recorded over a day after it (late threshold 120 min)
    expect(timeliness(await refreshEngine(database, engine, plusMinutes(NOW, 2), settings))).toEqual([2, 3]);
    // ... then set back with nothing to say when, to the rows of the digest taken at the start; and the note of
    // 28 Mar gets a later recorded time, also before the last run: an hour whose digest is held and now differs.
    await database.query(`UPDATE ecm.care_notes SET recorded_at = $1 WHERE occurred_at = $2`, [at('2026-03-30T08:30Z'), at('2026-03-30T08:00Z')]);
    await database.query(`UPDATE ecm.care_notes SET recorded_at = $1 WHERE occurred_at = $2`, [at('2026-03-28T15:00Z'), at('2026-03-28T10:00Z')]);
    let now = plusMinutes(NOW, 2);
    let found = 0;
    for (let minute = 3; minute <= 17; minute += 1) {
      now = plusMinutes(NOW, minute);
      found += (await refreshEngine(database, engine, now, settings)).get('care_notes')?.report.differences ?? 0;
    }
    expect(found).toBe(2); // both hours, within one 15-minute cycle
    const settled = await refreshEngine(database, engine, plusMinutes(now, 1), settings);
    // 7d: 30 Mar on time again (30 min), 28 Mar late (5 h), this morning on time (10 min)
    expect(timeliness(settled)).toEqual([2, 3]);
    const locations = await readLocations(database, plusMinutes(now, 1), settings);
    expect(engineNumbers(settled)).toEqual(await referenceNumbers(database, plusMinutes(now, 1), settings, locations));
  });
});
