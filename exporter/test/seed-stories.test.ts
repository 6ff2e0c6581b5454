import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/index.ts';
import { seedDatabase } from '../src/seed/index.ts';
import { storyDates, storyLocations } from '../src/seed/stories.ts';
import { databaseTargets } from './support/databases.ts';
import { CORE_RATIOS, NOTE_DUPLICATION, ratio, WEEKLY_TARGETS } from './support/story-queries.ts';

// Wednesday; local date 2026-11-25 (GMT). Hand-worked story dates:
// training (b) = 25 Nov - 35 days = 21 Oct; copying (c) starts 25 Nov - 42 days = 14 Oct.
const NOW = new Date('2026-11-25T10:00:00Z');
const DAY = 86_400_000;
const FROM_28D = new Date(NOW.getTime() - 28 * DAY);

/** Share of night-shift notes (occurred 22:00-07:00 local) recorded more than 2 h late, occurred in [from, to). */
const LATE_NIGHT_NOTES = `
  SELECT count(*) FILTER (WHERE recorded_at - occurred_at > interval '2 hours')::float8 / count(*) AS late, count(*)::int AS notes
  FROM ecm.care_notes
  WHERE location_id = $1 AND occurred_at >= $2 AND occurred_at < $3
    AND (extract(hour FROM occurred_at AT TIME ZONE 'Europe/London') >= 22 OR extract(hour FROM occurred_at AT TIME ZONE 'Europe/London') < 7)`;

/** Normalised bodies written about >= 2 residents in [from, to), with the teams of their authors. */
const SHARED_BODIES = `
  SELECT n.norm, count(DISTINCT n.service_user_id)::int AS residents, array_agg(DISTINCT s.team ORDER BY s.team) AS teams
  FROM (SELECT *, trim(regexp_replace(regexp_replace(lower(body), '[[:punct:]]', '', 'g'), '\\s+', ' ', 'g')) AS norm FROM ecm.care_notes) n
  JOIN ecm.staff s ON s.staff_id = n.staff_id
  WHERE n.location_id = $1 AND n.occurred_at >= $2 AND n.occurred_at < $3
  GROUP BY n.norm HAVING count(DISTINCT n.service_user_id) >= 2`;

/** Rostered shifts in [from, to) with no session, completed task or note by the rostered person (+-30 min). */
const SHIFTS_WITHOUT_ACTIVITY = `
  SELECT s.staff_id, count(*)::int AS shifts FROM ecm.shifts s
  WHERE s.location_id = $1 AND s.starts_at >= $2 AND s.starts_at < $3
    AND NOT EXISTS (SELECT 1 FROM ecm.sessions x WHERE x.staff_id = s.staff_id AND x.started_at BETWEEN s.starts_at - interval '30 minutes' AND s.ends_at + interval '30 minutes')
    AND NOT EXISTS (SELECT 1 FROM ecm.tasks t WHERE t.completed_by = s.staff_id AND t.completed_at BETWEEN s.starts_at - interval '30 minutes' AND s.ends_at + interval '30 minutes')
    AND NOT EXISTS (SELECT 1 FROM ecm.care_notes n WHERE n.staff_id = s.staff_id AND n.recorded_at BETWEEN s.starts_at - interval '30 minutes' AND s.ends_at + interval '30 minutes')
  GROUP BY s.staff_id ORDER BY s.staff_id`;

/** Falls-sensor alerts in [from, to) by night (22:00-06:00 local) or day, and how many were never acknowledged. */
const FALLS_ALERTS = `
  SELECT (extract(hour FROM raised_at AT TIME ZONE 'Europe/London') >= 22 OR extract(hour FROM raised_at AT TIME ZONE 'Europe/London') < 6) AS night,
         count(*)::int AS alerts, count(*) FILTER (WHERE acknowledged_at IS NULL)::int AS unacknowledged
  FROM ecm.alerts WHERE location_id = $1 AND source = 'falls_sensor' AND raised_at >= $2 AND raised_at < $3 AND raised_at < $3 - interval '1 hour'
  GROUP BY 1 ORDER BY 1`;

describe.each(databaseTargets())('stories of the small profile on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await target.create();
    await seedDatabase(db, { profile: 'small', seed: 11, now: NOW });
  });
  afterAll(async () => db?.close());

  it('places every story but (e) in the one home, with the hand-worked dates', () => {
    expect(storyLocations('small')).toEqual({ a: 'loc-01', b: 'loc-01', c: 'loc-01', d: 'loc-01', f: 'loc-01' });
    expect(storyDates(NOW)).toEqual({ trainingDate: '2026-10-21', copyStartDate: '2026-10-14' });
  });

  it('(a) staff log in on almost every shift, yet many tasks are missed or late', async () => {
    const login = await ratio(db, CORE_RATIOS.login_coverage ?? '', 'loc-01', FROM_28D, NOW, NOW);
    const onTime = await ratio(db, CORE_RATIOS.task_on_time ?? '', 'loc-01', FROM_28D, NOW, NOW);
    const done = await ratio(db, CORE_RATIOS.task_completion ?? '', 'loc-01', FROM_28D, NOW, NOW);
    expect(login.value).toBeGreaterThanOrEqual(0.9);
    expect(done.value).toBeLessThan(0.8);
    expect(onTime.value).toBeLessThan(0.5);
    const sessions = await db.query<{ per_shift: number }>(
      `SELECT (SELECT count(*) FROM ecm.sessions WHERE started_at >= $1)::float8 / (SELECT count(*) FROM ecm.shifts WHERE starts_at >= $1) AS per_shift`,
      [FROM_28D],
    );
    expect(sessions.rows[0]?.per_shift).toBeGreaterThan(3);
  });

  it('(b) night notes are mostly late before the training date and rarely after it', async () => {
    const training = new Date('2026-10-21T00:00:00+01:00'); // local midnight, summer time
    const before = await db.query<{ late: number; notes: number }>(LATE_NIGHT_NOTES, ['loc-01', new Date(training.getTime() - 28 * DAY), training]);
    const after = await db.query<{ late: number; notes: number }>(LATE_NIGHT_NOTES, ['loc-01', training, NOW]);
    expect(before.rows[0]?.notes).toBeGreaterThan(500);
    expect(before.rows[0]?.late).toBeGreaterThan(0.6);
    expect(after.rows[0]?.late).toBeLessThan(0.1);
  });

  it("(c) one team's notes repeat the same wording about different residents, from the copy start on", async () => {
    const recent = await db.query<{ residents: number; teams: string[] }>(SHARED_BODIES, ['loc-01', FROM_28D, NOW]);
    expect(recent.rows.length).toBeGreaterThan(0);
    expect(Math.max(...recent.rows.map((r) => r.residents))).toBeGreaterThanOrEqual(10);
    for (const row of recent.rows) expect(row.teams).toEqual(['Team 2']);
    const copyStart = new Date('2026-10-14T00:00:00+01:00');
    const before = await db.query(SHARED_BODIES, ['loc-01', new Date(copyStart.getTime() - 28 * DAY), copyStart]);
    expect(before.rows).toEqual([]);
  });

  it('(d) falls-sensor alerts at night are often never acknowledged, by day almost always', async () => {
    const { rows } = await db.query<{ night: boolean; alerts: number; unacknowledged: number }>(FALLS_ALERTS, ['loc-01', FROM_28D, NOW]);
    const [day, night] = rows;
    expect(night?.night).toBe(true);
    expect(night?.unacknowledged).toBeGreaterThan(200);
    expect((night?.unacknowledged ?? 0) / (night?.alerts ?? 1)).toBeGreaterThan(0.4);
    expect((day?.unacknowledged ?? 1) / (day?.alerts ?? 1)).toBeLessThan(0.1);
  });

  it('(f) the agency staff (every 20th: stf-01-0020, stf-01-0040) work rostered shifts with no digital activity', async () => {
    const { rows } = await db.query<{ staff_id: string; shifts: number }>(SHIFTS_WITHOUT_ACTIVITY, ['loc-01', FROM_28D, new Date(NOW.getTime() - DAY)]);
    expect(rows.map((r) => r.staff_id)).toEqual(['stf-01-0020', 'stf-01-0040']);
    for (const row of rows) expect(row.shifts).toBeGreaterThan(3);
  });
});

// The medium profile is seeded once, on PostgreSQL when TEST_DATABASE_URL is set (faster), else on PGlite.
const mediumTarget = databaseTargets().at(-1);
describe.runIf(mediumTarget)(`stories of the medium profile on ${mediumTarget?.name ?? 'none'}`, () => {
  let db: Db;
  beforeAll(async () => {
    if (!mediumTarget) throw new Error('no database target');
    db = await mediumTarget.create();
    await seedDatabase(db, { profile: 'medium', seed: 5, now: NOW });
  }, 300_000);
  afterAll(async () => db?.close());
  const core = (name: string) => CORE_RATIOS[name] ?? '';

  it('has 10 locations mixing residential and homecare, live 60 to 180 days, each story in its own location', async () => {
    const { rows } = await db.query<{ types: string[]; n: number; min_days: number; max_days: number }>(
      `SELECT array_agg(DISTINCT service_type ORDER BY service_type) AS types, count(*)::int AS n,
              min(date '2026-11-25' - go_live_date) AS min_days, max(date '2026-11-25' - go_live_date) AS max_days FROM ecm.locations`,
    );
    expect(rows[0]).toEqual({ types: ['homecare', 'nursing', 'residential', 'supported_living'], n: 10, min_days: 60, max_days: 180 });
    const stories = storyLocations('medium');
    expect(stories).toEqual({ a: 'loc-01', b: 'loc-02', c: 'loc-03', d: 'loc-04', e: 'loc-05', f: 'loc-06' });
  });

  it('(e) loc-05 meets every weekly target in each of the last 4 complete calendar weeks, live for over 8 weeks', async () => {
    // Monday-to-Monday weeks before Wednesday 25 Nov, all in GMT (after 25 Oct): 26 Oct, 2, 9 and 16 Nov.
    const mondays = ['2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23'].map((d) => new Date(`${d}T00:00:00Z`));
    for (let week = 0; week < 4; week += 1) {
      for (const [name, targetValue] of Object.entries(WEEKLY_TARGETS)) {
        const r = await ratio(db, core(name), 'loc-05', mondays[week] ?? NOW, mondays[week + 1] ?? NOW, NOW);
        expect({ name, week, ok: r.value >= targetValue + 0.02 }).toEqual({ name, week, ok: true });
      }
    }
    const live = await db.query<{ days: number }>(`SELECT date '2026-11-25' - go_live_date AS days FROM ecm.locations WHERE location_id = 'loc-05'`);
    expect(live.rows[0]?.days).toBe(180);
  });

  it('(a), (b), (d), (f) miss their indicator in the last 28 days; (c) has the highest note duplication', async () => {
    const value = async (name: string, location: string, from = FROM_28D, to = NOW) => (await ratio(db, core(name), location, from, to, NOW)).value;
    expect(await value('login_coverage', 'loc-01')).toBeGreaterThan(0.95);
    expect(await value('task_on_time', 'loc-01')).toBeLessThan(0.5);
    const training = new Date('2026-10-21T00:00:00+01:00');
    expect(await value('note_timeliness', 'loc-02', new Date(training.getTime() - 28 * DAY), training)).toBeLessThan(0.8);
    expect(await value('note_timeliness', 'loc-02', training, NOW)).toBeGreaterThan(0.9);
    expect(await value('alert_ack_on_time', 'loc-04')).toBeLessThan(0.85);
    expect(await value('shift_activity_match', 'loc-06')).toBeLessThan(0.8);
    const duplication: Record<string, number> = {};
    for (let i = 1; i <= 10; i += 1) {
      const location = `loc-${String(i).padStart(2, '0')}`;
      duplication[location] = (await ratio(db, NOTE_DUPLICATION, location, FROM_28D, NOW, NOW)).value;
    }
    const highest = Object.entries(duplication).sort((x, y) => y[1] - x[1]);
    expect(highest[0]?.[0]).toBe('loc-03');
    expect(highest[0]?.[1]).toBeGreaterThan(0.15);
    expect(highest[1]?.[1]).toBeLessThan(0.02);
  });
});
