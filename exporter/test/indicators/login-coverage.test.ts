import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import { loginCoverage } from '../../src/indicators/login-coverage.ts';
import { databaseTargets } from '../support/databases.ts';
import { at, countsFor, freshDatabase, insert } from '../support/fixtures.ts';

const NOW = at('2026-03-31T12:00:00Z'); // 7d = [03-24 12:00Z, now), 28d = [03-03 12:00Z, now)

describe.each(databaseTargets())('login_coverage on $name', (target) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('counts rostered staff with an ended shift in the window, and those who logged in for one of them', async () => {
    db = await freshDatabase(target);
    await insert(db, 'locations', [{ location_id: 'other' }]);
    const shift = (staff: string, starts: string, ends: string, location = 'home') => ({
      location_id: location,
      staff_id: staff,
      starts_at: at(starts),
      ends_at: at(ends),
    });
    const session = (staff: string, started: string) => ({ staff_id: staff, started_at: at(started) });
    await insert(db, 'shifts', [
      shift('a', '2026-03-30T08:00Z', '2026-03-30T16:00Z'),
      shift('b', '2026-03-30T08:00Z', '2026-03-30T16:00Z'),
      shift('c', '2026-03-25T08:00Z', '2026-03-25T16:00Z'),
      shift('c', '2026-03-27T08:00Z', '2026-03-27T16:00Z'),
      // night shift over midnight on the day the clocks went forward (29 Mar 2026, 01:00Z)
      shift('d', '2026-03-29T20:00Z', '2026-03-30T08:00Z'),
      shift('e', '2026-03-31T08:00Z', '2026-03-31T16:00Z'), // still in progress: not judged
      shift('f', '2026-03-20T08:00Z', '2026-03-20T16:00Z'), // 28d only
      shift('g', '2026-03-30T08:00Z', '2026-03-30T07:00Z'), // inverted: skipped
      shift('h', '2026-03-30T08:00Z', '2026-03-30T16:00Z', 'other'), // other location
    ]);
    await insert(db, 'sessions', [
      session('a', '2026-03-30T07:45Z'), // a: 15 min before start: covered
      session('b', '2026-03-30T07:29Z'), // b: 31 min before start: too early
      session('b', '2026-03-30T16:01Z'), // b: after the end: too late -> b not covered
      session('c', '2026-03-27T16:00Z'), // c: exactly at the end of the second shift: covered
      session('d', '2026-03-30T03:00Z'), // d: during the night shift, after midnight: covered
      session('e', '2026-03-31T08:10Z'),
      session('f', '2026-03-20T08:10Z'), // f: covered (28d)
      session('g', '2026-03-30T07:30Z'),
      session('h', '2026-03-30T08:00Z'),
    ]);
    // 7d: staff a, b, c, d = 4; logged in a, c, d = 3. 28d: + f -> 4 of 5
    expect(await countsFor(db, loginCoverage, NOW)).toEqual({ '7d': [3, 4], '28d': [4, 5] });
  });
});
