/**
 * Cheap re-verification through per-bucket digests (engine/incremental/checks.ts):
 * unchanged buckets are checked, not read in full; a change no timestamp shows is
 * still found within the interval, also when a bucket read in full in between
 * (through its timestamp) went back to the rows its digest was taken from.
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
    const next = nextDigests(held, [[11, 12]], new Map([[12, '1:3'], [13, '0']]), { detailFrom: 10, coveredTo: 14 });
    expect([...next].sort((a, b) => a[0] - b[0])).toEqual([
      [10, '1:5'],
      [12, '1:3'],
      [13, '0'],
    ]);
    // the span moved on: bucket 10 left it
    expect([...nextDigests(next, [], undefined, { detailFrom: 11, coveredTo: 15 }).keys()].sort()).toEqual([12, 13]);
    // only buckets with a digest held can differ; one without is read in full anyway
    expect([...differingDigests(held, new Map([[10, '1:5'], [11, '2:8'], [13, '4:1']]))]).toEqual([11]);
  });
});

describe.each(databaseTargets())('cheap re-verification on $name', (target) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('checks unchanged buckets without reading them, and still finds a cancellation and a change undone', async () => {
    const database = (db = await freshDatabase(target));
    await insert(database, 'tasks', [
      { due_at: at('2026-03-28T09:00Z'), completed_at: at('2026-03-28T11:00Z'), status: 'completed' },
      { due_at: at('2026-03-30T08:00Z'), status: 'missed' },
      { due_at: at('2026-03-31T09:00Z'), completed_at: at('2026-03-31T09:12Z'), status: 'completed' },
    ]);
    const engine = createIncrementalEngine({ reverifyMinutes: 15 });
    await refreshEngine(database, engine, NOW, settings); // reads everything and takes the digests of the 28-day span
    const quiet = (await refreshEngine(database, engine, plusMinutes(NOW, 1), settings)).get('tasks')?.report;
    // One minute of a 15-minute cycle: floor(168 / 15) = 11 of the 168 hours of the last 7 days, and
    // floor(504 / 60) = 8 of the 504 hours of the 21 days before them, all with a digest: checked only.
    expect(quiet?.bucketsChecked).toBe(19);
    // Re-verified besides: the settled week of 5 Jan (168 hours), read in full as before.
    expect(quiet?.bucketsReverified).toBe(19 + 168);
    expect(quiet?.differences).toBe(0);

    // The missed task is recorded done (a timestamp: its bucket is read in full, its digest dropped) ...
    await database.query(`UPDATE ecm.tasks SET status = 'completed', completed_at = $1 WHERE due_at = $2`, [plusMinutes(NOW, 1.5), at('2026-03-30T08:00Z')]);
    const recorded = await refreshEngine(database, engine, plusMinutes(NOW, 2), settings);
    // 7d judges 28 Mar (late), 30 Mar (now done), this morning: all three recorded
    expect(engineNumbers(recorded).indicators.task_completion?.['home 7d']).toEqual([3, 3]);
    // ... then undone with nothing to say when, back to the rows of the digest taken at the start; and the
    // task of 28 Mar is cancelled, a bucket whose digest is held and now differs.
    await database.query(`UPDATE ecm.tasks SET status = 'missed', completed_at = NULL WHERE due_at = $1`, [at('2026-03-30T08:00Z')]);
    await database.query(`UPDATE ecm.tasks SET status = 'cancelled' WHERE due_at = $1`, [at('2026-03-28T09:00Z')]);
    let now = plusMinutes(NOW, 2);
    let found = 0;
    for (let minute = 3; minute <= 17; minute += 1) {
      now = plusMinutes(NOW, minute);
      const views = await refreshEngine(database, engine, now, settings);
      found += views.get('tasks')?.report.differences ?? 0;
    }
    expect(found).toBe(2); // both buckets, within one 15-minute cycle
    const settled = await refreshEngine(database, engine, plusMinutes(now, 1), settings);
    // 7d judges 30 Mar (missed) and this morning (done): the cancelled task is not judged
    expect(engineNumbers(settled).indicators.task_completion?.['home 7d']).toEqual([1, 2]);
    const locations = await readLocations(database, plusMinutes(now, 1), settings);
    expect(engineNumbers(settled)).toEqual(await referenceNumbers(database, plusMinutes(now, 1), settings, locations));
  });
});
