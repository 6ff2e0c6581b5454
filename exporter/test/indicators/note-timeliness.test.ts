import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import { noteTimeliness } from '../../src/indicators/note-timeliness.ts';
import { databaseTargets } from '../support/databases.ts';
import { at, countsFor, freshDatabase, insert, settingsWith } from '../support/fixtures.ts';

const NOW = at('2026-03-31T12:00:00Z'); // 7d = [03-24 12:00Z, now), 28d = [03-03 12:00Z, now)

describe.each(databaseTargets())('note_timeliness on $name', (target) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('counts notes recorded within 2 h of the care, a negative delay on time', async () => {
    db = await freshDatabase(target);
    await insert(db, 'locations', [{ location_id: 'other' }]);
    const note = (occurred: string, recorded: string, location = 'home') => ({ location_id: location, occurred_at: at(occurred), recorded_at: at(recorded) });
    await insert(db, 'care_notes', [
      note('2026-03-30T09:00Z', '2026-03-30T09:30Z'), // 1: 30 min, on time
      note('2026-03-30T10:00Z', '2026-03-30T12:00Z'), // 2: exactly 2 h, on time
      note('2026-03-30T10:00Z', '2026-03-30T12:01Z'), // 3: 2 h 1 min, late
      note('2026-03-30T14:00Z', '2026-03-30T13:00Z'), // 4: recorded an hour before it occurred: on time
      note('2026-03-30T22:00Z', '2026-03-31T08:00Z'), // 5: night note recorded next morning: late
      note('2026-03-20T09:00Z', '2026-03-20T09:10Z'), // 6: 28d only, on time
      note('2026-03-31T12:00Z', '2026-03-31T12:00Z'), // 7: occurred at now: outside [.., now)
      note('2026-03-30T09:00Z', '2026-03-30T09:10Z', 'other'), // 8: other location
    ]);
    // 7d: notes 1-5 -> 3 on time (1,2,4) of 5; 28d: + note 6 -> 4 of 6
    expect(await countsFor(db, noteTimeliness, NOW)).toEqual({ '7d': [3, 5], '28d': [4, 6] });
    // late threshold 10 h: note 5 (10 h) turns on time, and 3 -> 7d 5 of 5, 28d 6 of 6
    expect(await countsFor(db, noteTimeliness, NOW, { settings: settingsWith({ noteLateMinutes: 600 }) })).toEqual({ '7d': [5, 5], '28d': [6, 6] });
  });
});
