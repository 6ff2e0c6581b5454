import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import { taskOnTime } from '../../src/indicators/task-on-time.ts';
import { databaseTargets } from '../support/databases.ts';
import { countsFor, freshDatabase, settingsWith } from '../support/fixtures.ts';
import { NOW, insertTaskFixture } from './task-fixture.ts';

describe.each(databaseTargets())('task_on_time on $name', (target) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('counts tasks recorded no later than due + tolerance (see task-fixture.ts)', async () => {
    db = await freshDatabase(target);
    await insertTaskFixture(db);
    // 7d: on time 1,4,6,11 = 4 of 8; 28d: + 12,14 = 6 of 10
    expect(await countsFor(db, taskOnTime, NOW)).toEqual({ '7d': [4, 8], '28d': [6, 10] });
  });

  it('tolerance is per category', async () => {
    db = await freshDatabase(target);
    await insertTaskFixture(db);
    // medication 45 min: task 3 (08:40 <= 08:45) turns on time; task 10 (11:29 + 45 = 12:14 > now) immature.
    // 7d: on time 1,3,4,6,11 = 5 of 7; 28d: 7 of 9
    const settings = settingsWith({ taskTolerance: { defaultMinutes: 60, byCategory: { medication: 45 } } });
    expect(await countsFor(db, taskOnTime, NOW, { settings })).toEqual({ '7d': [5, 7], '28d': [7, 9] });
    // default 0 for other categories: 1 (09:30 > 09:00), 6 (18:10 > 18:00) and 11 (07:05 > 07:00) turn late, and
    // task 8 (due 11:30, deadline 11:30 < now) becomes mature and pending; 9 (medication, 12:15) stays immature.
    // 7d: denominator 1,2,3,4,5,6,8,10,11 = 9; on time: 4 only = 1
    const strict = settingsWith({ taskTolerance: { defaultMinutes: 0, byCategory: { medication: 30 } } });
    expect((await countsFor(db, taskOnTime, NOW, { settings: strict }))['7d']).toEqual([1, 9]);
  });
});
