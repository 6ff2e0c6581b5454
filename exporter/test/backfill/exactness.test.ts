/**
 * The backfill's hourly values equal the indicator SQL run with now = t on the database
 * as it was at t (./oracle.ts), and the phase and streak equal the replay a refresh at t
 * does: on a hand-made fixture around the spring clock change (expected values worked
 * out by hand for one instant) and on the seeded small profile at chosen hours.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import { HOUR_MS, locationHistory, type LocationHistory } from '../../src/backfill/location.ts';
import { planLocation } from '../../src/backfill/run.ts';
import type { LocationInfo } from '../../src/engine/types.ts';
import { locationsUnit } from '../../src/engine/domain-units.ts';
import { DEFAULT_INDICATOR_SETTINGS } from '../../src/indicators/settings.ts';
import { seedDatabase } from '../../src/seed/index.ts';
import { GOVERNANCE_PHASES, ROLLING_WINDOWS } from '../../src/shared/windows.ts';
import { INDICATORS } from '../../src/indicators/index.ts';
import { databaseTargets } from '../support/databases.ts';
import { at, freshDatabase, HOME, insert } from '../support/fixtures.ts';
import { oracleAt, type OracleAt } from './oracle.ts';

const settings = DEFAULT_INDICATOR_SETTINGS;
const READ = { statementTimeoutMs: 60_000 };

function backfillAt(history: LocationHistory, t: Date): OracleAt {
  const index = t.getTime() / HOUR_MS - history.plan.hours.first;
  if (!Number.isInteger(index) || index < 0 || index > history.plan.hours.last - history.plan.hours.first)
    throw new Error(`${t.toISOString()} is not a backfilled hour`);
  const rolling: Record<string, [number, number]> = {};
  for (const indicator of INDICATORS) {
    for (const window of ROLLING_WINDOWS) {
      const series = history.rolling.get(indicator.name)?.[window.label];
      rolling[`${indicator.name}/${window.label}`] = [series?.numerator[index] ?? Number.NaN, series?.denominator[index] ?? Number.NaN];
    }
  }
  return { rolling, phase: GOVERNANCE_PHASES[history.phase[index] ?? 9] ?? 'none', streak: history.streak[index] ?? -1 };
}

async function historyOf(db: Db, location: LocationInfo, request: { from?: string; to?: string }, now: Date): Promise<LocationHistory> {
  const plan = planLocation(location, request, now);
  if (!plan) throw new Error('no hours planned');
  return db.readOnly((tx) => locationHistory(tx, plan, settings), READ);
}

const SPRING: LocationInfo = { ...HOME, goLiveDate: '2026-03-02' };
const LONG_BODY = 'Resident was settled and calm all through the morning today.';

/**
 * Rows around the spring clock change (Sun 29 Mar 2026, 01:00Z). The instant worked by hand
 * is T = Mon 30 Mar 00:00 BST = 2026-03-29T23:00Z (a week boundary; the week of 23 Mar is 167 h).
 * 7d = [03-22T23:00Z, T), 28d = [03-01T23:00Z, T). Tolerance 60 min (medication 30), high alerts 300 s.
 */
async function insertSpringFixture(db: Db): Promise<void> {
  await insert(db, 'staff', [{ staff_id: 'staff-1' }, { staff_id: 'staff-2' }, { staff_id: 'staff-3' }]);
  const task = (category: string, due: string, completed: string | null, status = 'completed') => ({
    category,
    due_at: at(due),
    completed_at: completed ? at(completed) : null,
    status,
  });
  await insert(db, 'tasks', [
    task('personal_care', '2026-03-29T21:30Z', '2026-03-29T21:45Z'), // t1 mature (deadline 22:30), done, on time
    task('personal_care', '2026-03-29T22:15Z', null, 'pending'), //      t2 deadline 23:15 > T: not judged yet
    task('personal_care', '2026-03-29T20:00Z', '2026-03-29T23:30Z'), // t3 mature, completed after T: as of T not done
    task('personal_care', '2026-03-22T22:30Z', '2026-03-22T23:45Z'), // t4 before the 7d start: 28d only, done, late
    task('personal_care', '2026-03-22T23:00Z', '2026-03-22T23:10Z'), // t5 at the 7d start (inclusive): done, on time
    task('medication', '2026-03-29T22:10Z', '2026-03-29T22:20Z'), //    t6 deadline 22:40 < T: done, on time
    task('personal_care', '2026-03-25T10:00Z', null, 'cancelled'), //   t7 cancelled: never judged
  ]);
  await insert(db, 'care_notes', [
    // n1 and n2: the same long wording about two service users (duplicated); n3 recorded after T.
    { occurred_at: at('2026-03-29T10:00Z'), recorded_at: at('2026-03-29T10:30Z'), body: LONG_BODY, service_user_id: 'su-1' },
    { occurred_at: at('2026-03-29T12:00Z'), recorded_at: at('2026-03-29T15:00Z'), body: LONG_BODY.toUpperCase(), service_user_id: 'su-2' },
    { occurred_at: at('2026-03-29T22:00Z'), recorded_at: at('2026-03-30T01:00Z'), body: LONG_BODY, service_user_id: 'su-3' },
    { occurred_at: at('2026-03-29T20:50Z'), recorded_at: at('2026-03-29T21:00Z'), staff_id: 'staff-2' }, // n4 short body
  ]);
  await insert(db, 'alerts', [
    { raised_at: at('2026-03-29T22:50Z'), acknowledged_at: at('2026-03-29T22:52Z') }, // a1 due 22:55 < T: on time
    { raised_at: at('2026-03-29T22:58Z'), acknowledged_at: at('2026-03-29T22:59Z') }, // a2 due 23:03 > T: not judged yet
    { raised_at: at('2026-03-28T10:00Z'), acknowledged_at: null }, //                    a3 mature, never acknowledged: late
  ]);
  const shift = (staff: string, starts: string, ends: string) => ({ staff_id: staff, starts_at: at(starts), ends_at: at(ends) });
  await insert(db, 'shifts', [
    shift('staff-1', '2026-03-29T07:00Z', '2026-03-29T15:00Z'), // s1 login 06:45 (in the slack): logged in, active
    shift('staff-2', '2026-03-29T14:00Z', '2026-03-29T22:00Z'), // s2 no login; note n4 recorded 21:00: active
    shift('staff-3', '2026-03-29T15:00Z', '2026-03-29T23:00Z'), // s3 ends at T: judged for logins; activity matures at 23:30
    shift('staff-1', '2026-03-28T07:00Z', '2026-03-28T15:00Z'), // s4 no login, no trace
  ]);
  await insert(db, 'sessions', [
    { staff_id: 'staff-1', started_at: at('2026-03-29T06:45Z') },
    { staff_id: 'staff-3', started_at: at('2026-03-29T16:00Z') },
  ]);
}

describe.each(databaseTargets())('backfill exactness on $name', (target) => {
  describe('hand-made fixture around the spring clock change', () => {
    let db: Db;
    let history: LocationHistory;
    beforeAll(async () => {
      db = await freshDatabase(target, { go_live_date: '2026-03-02' });
      await insertSpringFixture(db);
      history = await historyOf(db, SPRING, { from: '2026-03-28', to: '2026-03-30' }, at('2026-04-01T00:00Z'));
    });
    afterAll(async () => {
      await db.close();
    });

    it('has the values worked out by hand at Mon 30 Mar 00:00 BST', () => {
      const values = backfillAt(history, at('2026-03-29T23:00Z'));
      expect(values.rolling).toMatchObject({
        'task_completion/7d': [3, 4], //  judged t1 t3 t5 t6; done t1 t5 t6 (t3 completed after T)
        'task_on_time/7d': [3, 4], //     on time t1 t5 t6
        'task_completion/28d': [4, 5], // + t4 (done, late)
        'task_on_time/28d': [3, 5],
        'note_timeliness/7d': [2, 3], //  n1 (30 min), n2 (180 min: late), n4 (10 min); n3 not recorded yet
        'note_duplication/7d': [2, 2], // long notes n1 and n2, same words for su-1 and su-2
        'alert_ack_on_time/7d': [1, 2], // a1 on time, a3 late; a2 not due yet
        'login_coverage/7d': [2, 3], //   staff-1 (s1), staff-3 (s3) logged in; staff-2 not
        'shift_activity_match/7d': [2, 3], // s1 (login), s2 (note); s4 no trace; s3 not mature
      });
      // Four complete weeks (2, 9, 16, 23 March), every core indicator below the minimum cohort: no evidence, no streak.
      expect(values.phase).toBe('weekly');
      expect(values.streak).toBe(0);
    });

    it('equals the indicator SQL as of every hour from Sat 28 Mar to Mon 30 Mar (clock change, maturing tasks)', async () => {
      for (let hour = history.plan.hours.first; hour <= history.plan.hours.last; hour += 1) {
        const t = new Date(hour * HOUR_MS);
        expect({ t: t.toISOString(), ...backfillAt(history, t) }).toEqual({ t: t.toISOString(), ...(await oracleAt(db, SPRING, t, settings)) });
      }
    });
  });

  describe('seeded small profile', () => {
    const NOW = at('2026-05-15T12:00:00Z');
    let db: Db;
    let home: LocationInfo;
    let history: LocationHistory;
    beforeAll(async () => {
      db = await target.create();
      await seedDatabase(db, { profile: 'small', seed: 3, now: NOW });
      const { locations } = await db.readOnly((tx) => locationsUnit.run(tx, { now: NOW, settings, locations: [] }), READ);
      const [first] = locations;
      if (!first) throw new Error('the small profile has no location');
      home = first;
      history = await historyOf(db, home, {}, NOW);
    });
    afterAll(async () => {
      await db.close();
    });

    it.each([
      ['the first hour after go-live week', 0],
      ['the spring clock change (01:00Z)', Date.parse('2026-03-29T01:00:00Z')],
      ['the hour after it', Date.parse('2026-03-29T02:00:00Z')],
      ['Mon 30 Mar 00:00 BST (167-hour week ends)', Date.parse('2026-03-29T23:00:00Z')],
      ['Mon 6 Apr 00:00 BST', Date.parse('2026-04-05T23:00:00Z')],
      ['Mon 6 Apr 01:00 BST (last week’s tasks mature)', Date.parse('2026-04-06T00:00:00Z')],
      ['a weekday morning', Date.parse('2026-04-22T09:00:00Z')],
      ['a weekday evening', Date.parse('2026-05-07T19:00:00Z')],
      ['the last hour', NOW.getTime() - (NOW.getTime() % HOUR_MS)],
    ])('at %s', async (_name, instant) => {
      const t = new Date(instant === 0 ? (history.plan.weeks[0]?.endHour ?? 0) * HOUR_MS : instant);
      expect(backfillAt(history, t)).toEqual(await oracleAt(db, home, t, settings));
    });
  });
});
