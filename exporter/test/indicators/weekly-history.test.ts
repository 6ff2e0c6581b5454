import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import { createIncrementalEngine, REVERIFY_MINUTES } from '../../src/engine/incremental/engine.ts';
import type { PassName } from '../../src/engine/incremental/pass-spec.ts';
import type { PassView } from '../../src/engine/incremental/state.ts';
import { countsByIndicator } from '../../src/engine/domain-history.ts';
import { weeklyWindows } from '../../src/engine/domain-units.ts';
import { INDICATORS } from '../../src/indicators/index.ts';
import type { LocationInfo } from '../../src/engine/types.ts';
import { DEFAULT_INDICATOR_SETTINGS } from '../../src/indicators/settings.ts';
import { noteTimeliness } from '../../src/indicators/note-timeliness.ts';
import { databaseTargets } from '../support/databases.ts';
import { HOME, at, countsFor, freshDatabase, insert } from '../support/fixtures.ts';

const SPRING: LocationInfo = { ...HOME, goLiveDate: '2026-03-02' };
const AUTUMN: LocationInfo = { ...HOME, locationId: 'autumn', goLiveDate: '2026-10-12' };

describe.each(databaseTargets())('weekly history on $name', (target) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('cuts calendar weeks at local Monday midnight across both clock changes (Europe/London)', async () => {
    db = await freshDatabase(target, { go_live_date: '2026-03-02' });
    await insert(db, 'locations', [{ location_id: 'autumn', go_live_date: '2026-10-12' }]);
    const note = (location: string, iso: string) => ({ location_id: location, occurred_at: at(iso), recorded_at: at(iso) });
    await insert(db, 'care_notes', [
      note('home', '2026-03-22T23:59:00Z'), // Sun 22 Mar 23:59 GMT -> week of 16 Mar
      note('home', '2026-03-23T00:00:00Z'), // Mon 23 Mar 00:00 GMT -> week of 23 Mar (start inclusive)
      note('home', '2026-03-29T22:59:00Z'), // Sun 29 Mar 23:59 BST -> week of 23 Mar
      note('home', '2026-03-29T23:30:00Z'), // Mon 30 Mar 00:30 BST -> week of 30 Mar (a UTC week would say 23 Mar)
      note('autumn', '2026-10-18T22:30:00Z'), // Sun 18 Oct 23:30 BST -> week of 12 Oct
      note('autumn', '2026-10-18T23:30:00Z'), // Mon 19 Oct 00:30 BST -> week of 19 Oct
      note('autumn', '2026-10-25T23:30:00Z'), // Sun 25 Oct 23:30 GMT (after the change) -> week of 19 Oct
    ]);
    const spring = await countsFor(db, noteTimeliness, at('2026-04-08T12:00Z'), {
      location: SPRING,
      windows: weeklyWindows([SPRING], at('2026-04-08T12:00Z')),
    });
    expect(spring).toEqual({ '2026-03-02': [0, 0], '2026-03-09': [0, 0], '2026-03-16': [1, 1], '2026-03-23': [2, 2], '2026-03-30': [1, 1] });
    const autumn = await countsFor(db, noteTimeliness, at('2026-11-04T12:00Z'), {
      location: AUTUMN,
      windows: weeklyWindows([AUTUMN], at('2026-11-04T12:00Z')),
    });
    expect(autumn).toEqual({ '2026-10-12': [1, 1], '2026-10-19': [2, 2], '2026-10-26': [0, 0] });
  });

  it('the indicator engine of the pipeline yields the whole weekly history of every indicator on the first run', async () => {
    const database = await freshDatabase(target, { go_live_date: '2026-03-02' });
    db = database;
    const now = at('2026-04-08T12:00Z'); // complete weeks since go-live: 2, 9, 16, 23 and 30 Mar
    const context = { now, settings: DEFAULT_INDICATOR_SETTINGS, locations: [SPRING] };
    const views = new Map<PassName, PassView>();
    for (const unit of createIncrementalEngine({ reverifyMinutes: REVERIFY_MINUTES.default }).units) {
      const view = await database.readOnly((tx) => unit.run(tx, context), { statementTimeoutMs: 30_000 });
      views.set(view.pass, view);
    }
    expect(views.size).toBe(4); // one pass per table: tasks, care notes, alerts, shifts
    const counts = countsByIndicator(views);
    for (const indicator of INDICATORS) {
      const weeks = counts
        .get(indicator.name)
        ?.weekly.filter((count) => count.locationId === 'home')
        .map((count) => count.window);
      expect(weeks, indicator.name).toEqual(['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23', '2026-03-30']);
    }
  });
});
