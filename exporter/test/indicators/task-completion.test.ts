import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import { taskCompletion } from '../../src/indicators/task-completion.ts';
import { databaseTargets } from '../support/databases.ts';
import { countsFor, freshDatabase, settingsWith } from '../support/fixtures.ts';
import { NOW, insertTaskFixture } from './task-fixture.ts';

describe.each(databaseTargets())('task_completion on $name', (target) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('counts mature, not cancelled tasks and those with an outcome recorded (see task-fixture.ts)', async () => {
    db = await freshDatabase(target);
    await insertTaskFixture(db);
    // 7d: 6 of 8 done; 28d: 8 of 10 done
    expect(await countsFor(db, taskCompletion, NOW)).toEqual({ '7d': [6, 8], '28d': [8, 10] });
  });

  it('a wider tolerance keeps a task immature longer', async () => {
    db = await freshDatabase(target);
    await insertTaskFixture(db);
    // medication tolerance 60: task 10 (due 11:29, deadline 12:29 > now) becomes immature -> 7d 6 of 7, 28d 8 of 9
    const settings = settingsWith({ taskTolerance: { defaultMinutes: 60, byCategory: { medication: 60 } } });
    expect(await countsFor(db, taskCompletion, NOW, { settings })).toEqual({ '7d': [6, 7], '28d': [8, 9] });
  });
});
