import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import type { MetricFamily } from '../../src/engine/types.ts';
import { databaseTargets } from '../support/databases.ts';
import { at, freshDatabase, insert, runDomain } from '../support/fixtures.ts';

const NOW = at('2026-03-31T12:00:00Z');

/** Runs every domain unit like the refresh does and assembles the families. */
const refresh = async (db: Db): Promise<Map<string, MetricFamily>> => (await runDomain(db, NOW)).families;

const values = (family: MetricFamily | undefined) => Object.fromEntries((family?.samples ?? []).map((s) => [Object.values(s.labels).join('/'), s.value]));

describe.each(databaseTargets())('live safety gauges on $name', (target) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('counts unacknowledged alerts past target, overdue tasks and silent shifts in progress', async () => {
    db = await freshDatabase(target);
    await insert(db, 'locations', [{ location_id: 'other' }]);
    const alert = (severity: string, raised: string, extra: Record<string, Date | string> = {}) => ({ severity, raised_at: at(raised), ...extra });
    await insert(db, 'alerts', [
      alert('critical', '2026-03-31T11:50Z'), // open 10 min > 3 min: counted
      alert('critical', '2026-03-31T11:58Z'), // open 2 min < 3 min: not yet
      alert('high', '2026-03-31T11:00Z', { acknowledged_at: at('2026-03-31T11:20Z') }), // acknowledged (late): not open
      alert('high', '2026-03-31T10:00Z', { resolved_at: at('2026-03-31T10:30Z') }), // resolved: not open
      alert('low', '2026-03-30T06:00Z'), // older than the 24 h look-back: not live
      alert('low', '2026-03-30T13:00Z'), // 23 h open > 60 min: counted
      alert('medium', '2026-03-31T11:00Z', { location_id: 'other' }), // other location: counted there
    ]);
    const task = (category: string, due: string, status: string, completed: string | null = null) => ({
      category,
      due_at: at(due),
      status,
      completed_at: completed ? at(completed) : null,
    });
    await insert(db, 'tasks', [
      task('personal_care', '2026-03-31T10:30Z', 'pending'), // 10:30 + 60 = 11:30 < now: overdue
      task('medication', '2026-03-31T11:20Z', 'pending'), // 11:20 + 30 = 11:50 < now: overdue
      task('medication', '2026-03-31T11:40Z', 'pending'), // 12:10 > now: not yet
      task('personal_care', '2026-03-31T10:00Z', 'missed'), // missed, nothing recorded: overdue
      task('personal_care', '2026-03-31T09:00Z', 'refused'), // an outcome, even without completed_at
      task('personal_care', '2026-03-31T09:00Z', 'cancelled'),
      task('personal_care', '2026-03-31T09:00Z', 'completed', '2026-03-31T09:10Z'),
      task('personal_care', '2026-03-29T09:00Z', 'pending'), // older than the look-back
    ]);
    const shift = (staff: string, starts: string, ends: string) => ({ staff_id: staff, starts_at: at(starts), ends_at: at(ends) });
    await insert(db, 'shifts', [
      shift('a', '2026-03-31T08:00Z', '2026-03-31T20:00Z'), // 4 h in, nothing: counted
      shift('b', '2026-03-31T08:00Z', '2026-03-31T20:00Z'), // logged in 07:45
      shift('c', '2026-03-31T08:00Z', '2026-03-31T20:00Z'), // recorded a note 11:00
      shift('d', '2026-03-31T10:30Z', '2026-03-31T18:00Z'), // only 90 min in: not yet
      shift('e', '2026-03-31T02:00Z', '2026-03-31T11:00Z'), // ended
      shift('g', '2026-03-31T09:00Z', '2026-03-31T21:00Z'), // completed a task at 08:40 (within 30 min before)
    ]);
    await insert(db, 'sessions', [{ staff_id: 'b', started_at: at('2026-03-31T07:45Z') }]);
    await insert(db, 'care_notes', [{ staff_id: 'c', occurred_at: at('2026-03-31T10:00Z'), recorded_at: at('2026-03-31T11:00Z') }]);
    await insert(
      db,
      'tasks',
      [task('other', '2026-03-31T08:30Z', 'completed', '2026-03-31T08:40Z')].map((t) => ({ ...t, completed_by: 'g' })),
    );

    const families = await refresh(db);
    expect(values(families.get('ecm_adoption_alerts_unacknowledged'))).toEqual({
      'home/low': 1,
      'home/medium': 0,
      'home/high': 0,
      'home/critical': 1,
      'other/low': 0,
      'other/medium': 1,
      'other/high': 0,
      'other/critical': 0,
    });
    expect(values(families.get('ecm_adoption_tasks_overdue'))).toEqual({ home: 3, other: 0 });
    expect(values(families.get('ecm_adoption_shifts_without_activity'))).toEqual({ home: 1, other: 0 });
  });

  it('publishes acknowledgement p50/p90 per window only from 5 acknowledged alerts', async () => {
    db = await freshDatabase(target);
    await insert(db, 'locations', [{ location_id: 'other' }]);
    // home, 7d: acknowledged after 60, 120, 180, 240, 300 s; one never acknowledged (left out).
    // p50 = 180; p90: position 0.9 × (5 − 1) = 3.6 -> 240 + 0.6 × (300 − 240) = 276.
    // 28d adds 1200 s on 03-10: 6 values; p50 = (180 + 240) / 2 = 210; p90: 0.9 × 5 = 4.5 -> 300 + 0.5 × 900 = 750.
    const raised = at('2026-03-30T10:00Z');
    await insert(db, 'alerts', [
      ...[60, 120, 180, 240, 300].map((seconds) => ({ raised_at: raised, acknowledged_at: new Date(raised.getTime() + seconds * 1000) })),
      { raised_at: raised },
      { raised_at: at('2026-03-10T10:00Z'), acknowledged_at: at('2026-03-10T10:20Z') },
      // other: only 4 acknowledged in both windows -> nothing published
      ...[60, 60, 60, 60].map((seconds) => ({ location_id: 'other', raised_at: raised, acknowledged_at: new Date(raised.getTime() + seconds * 1000) })),
    ]);
    const families = await refresh(db);
    expect(values(families.get('ecm_adoption_alert_acknowledgement_seconds'))).toEqual({
      'home/7d/0.5': 180,
      'home/7d/0.9': 276,
      'home/28d/0.5': 210,
      'home/28d/0.9': 750,
    });
  });
});
