import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import { shiftActivityMatch } from '../../src/indicators/shift-activity-match.ts';
import { databaseTargets } from '../support/databases.ts';
import { at, countsFor, freshDatabase, insert } from '../support/fixtures.ts';

const NOW = at('2026-03-31T12:00:00Z'); // 7d = [03-24 12:00Z, now), 28d = [03-03 12:00Z, now)

describe.each(databaseTargets())('shift_activity_match on $name', (target) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('counts mature shifts and those where the rostered person left any digital trace', async () => {
    db = await freshDatabase(target);
    const shift = (staff: string, starts: string, ends: string) => ({ staff_id: staff, starts_at: at(starts), ends_at: at(ends) });
    await insert(db, 'shifts', [
      shift('a', '2026-03-30T08:00Z', '2026-03-30T16:00Z'), // S1: login 07:35 -> match
      shift('b', '2026-03-30T08:00Z', '2026-03-30T16:00Z'), // S2: task completed 16:25 -> match (within end + 30)
      shift('c', '2026-03-30T08:00Z', '2026-03-30T16:00Z'), // S3: note recorded 12:00 -> match
      shift('d', '2026-03-30T08:00Z', '2026-03-30T16:00Z'), // S4: login 07:29, task 16:31, note the day before -> no match
      shift('e', '2026-03-29T20:00Z', '2026-03-30T08:00Z'), // S5: night over midnight (DST day), note 07:50 -> match
      shift('f', '2026-03-31T03:00Z', '2026-03-31T11:45Z'), // S6: ended, but 11:45 + 30 min > now: not judged yet
      shift('g', '2026-03-31T03:00Z', '2026-03-31T11:30Z'), // S7: 11:30 + 30 min = now: judged, no activity
      shift('h', '2026-03-20T09:00Z', '2026-03-20T09:30Z'), // S8: 28d only, login at start -> match
    ]);
    await insert(db, 'sessions', [
      { staff_id: 'a', started_at: at('2026-03-30T07:35Z') },
      { staff_id: 'd', started_at: at('2026-03-30T07:29Z') },
      { staff_id: 'h', started_at: at('2026-03-20T09:00Z') },
    ]);
    await insert(db, 'tasks', [
      { due_at: at('2026-03-30T16:00Z'), completed_at: at('2026-03-30T16:25Z'), completed_by: 'b', status: 'completed' },
      { due_at: at('2026-03-30T16:00Z'), completed_at: at('2026-03-30T16:31Z'), completed_by: 'd', status: 'completed' },
      { due_at: at('2026-03-31T05:00Z'), completed_at: at('2026-03-31T05:00Z'), completed_by: 'a', status: 'completed' }, // a's, not g's
    ]);
    await insert(db, 'care_notes', [
      { staff_id: 'c', occurred_at: at('2026-03-30T11:00Z'), recorded_at: at('2026-03-30T12:00Z') },
      { staff_id: 'd', occurred_at: at('2026-03-29T11:00Z'), recorded_at: at('2026-03-29T12:00Z') },
      { staff_id: 'e', occurred_at: at('2026-03-30T06:00Z'), recorded_at: at('2026-03-30T07:50Z') },
    ]);
    // 7d: judged S1,S2,S3,S4,S5,S7 = 6; matched S1,S2,S3,S5 = 4. 28d: + S8 -> 5 of 7
    expect(await countsFor(db, shiftActivityMatch, NOW)).toEqual({ '7d': [4, 6], '28d': [5, 7] });
  });
});
