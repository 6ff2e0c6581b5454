/**
 * When the engine starts over, and what it does with what it holds: locations added
 * and removed, the clock set back, a refresh failing half-way, the database
 * restarted or restored from an older backup, settings changed, and changes only
 * re-verification can see. Each case also checks the numbers against the SQL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Db, Queryable, Row } from '../../../src/db/index.ts';
import { createIncrementalEngine, type EngineLogger } from '../../../src/engine/incremental/engine.ts';
import type { PassName } from '../../../src/engine/incremental/pass-spec.ts';
import type { PassView } from '../../../src/engine/incremental/state.ts';
import { engineFamilies } from '../../../src/engine/incremental/self-metrics.ts';
import { SERVER_IDENTITY_SQL } from '../../../src/engine/incremental/trust.ts';
import { validateFamilies } from '../../../src/runtime/exposition.ts';
import { databaseTargets } from '../../support/databases.ts';
import { at, freshDatabase, insert, plusMinutes, settingsWith } from '../../support/fixtures.ts';
import { engineNumbers, readLocations, referenceNumbers, refreshEngine } from './support.ts';

const NOW = at('2026-03-31T12:17:00Z'); // Tuesday; the home went live on 5 Jan (fixtures' default)
const settings = settingsWith();

interface Logged {
  level: 'info' | 'warn';
  object: Record<string, unknown>;
  message: string;
}

function recordingLogger(): EngineLogger & { lines: Logged[] } {
  const lines: Logged[] = [];
  return {
    lines,
    info: (object, message) => lines.push({ level: 'info', object: { ...object }, message }),
    warn: (object, message) => lines.push({ level: 'warn', object: { ...object }, message }),
  };
}

const modes = (views: ReadonlyMap<PassName, PassView>) => Object.fromEntries([...views].map(([pass, view]) => [pass, view.report.reason ?? view.report.mode]));

async function someRows(db: Db): Promise<void> {
  const day = (offset: number, hour: number) => new Date(Date.parse('2026-03-30T00:00:00Z') + offset * 86_400_000 + hour * 3_600_000);
  await insert(db, 'tasks', [
    { due_at: day(-20, 9), completed_at: day(-20, 9.5), status: 'completed' },
    { due_at: day(-2, 9), completed_at: day(-2, 11), status: 'completed' }, // late: 2 h after due (tolerance 1 h)
    { due_at: day(0, 8), status: 'missed' },
    { due_at: day(1, 9), status: 'completed', completed_at: day(1, 9.2) }, // due this morning, recorded on time
  ]);
  await insert(db, 'care_notes', [
    { occurred_at: day(-3, 10), recorded_at: day(-3, 11) },
    { occurred_at: day(-1, 10), recorded_at: day(-1, 15) }, // 5 h late
  ]);
  await insert(db, 'alerts', [{ raised_at: day(-1, 3), acknowledged_at: day(-1, 3.02), severity: 'high' }]);
}

async function expectEqualToSql(db: Db, views: Awaited<ReturnType<typeof refreshEngine>>, now: Date): Promise<void> {
  const locations = await readLocations(db, now, settings);
  expect(engineNumbers(views)).toEqual(await referenceNumbers(db, now, settings, locations));
}

describe.each(databaseTargets())('incremental engine trust and fallbacks on $name', (target) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('computes an added location in full and drops a removed one, each logged', async () => {
    const database = (db = await freshDatabase(target));
    await someRows(database);
    const logger = recordingLogger();
    const engine = createIncrementalEngine({ reverifyMinutes: 15, logger });
    await refreshEngine(database, engine, NOW, settings);
    await database.query(
      `INSERT INTO ecm.locations (location_id, name, service_type, go_live_date, timezone) VALUES ('new', 'New', 'nursing', '2026-02-02', 'Europe/London')`,
    );
    await insert(database, 'tasks', [{ location_id: 'new', due_at: at('2026-03-20T09:00Z'), status: 'missed' }]);
    const later = plusMinutes(NOW, 1);
    const added = await refreshEngine(database, engine, later, settings);
    expect(modes(added)).toEqual({ tasks: 'incremental', care_notes: 'incremental', alerts: 'incremental', shifts: 'incremental' });
    expect(added.get('tasks')?.report.locations).toEqual([{ reason: 'location_added', count: 1 }]);
    expect([...(added.get('tasks')?.locations.keys() ?? [])].sort()).toEqual(['home', 'new']);
    await expectEqualToSql(database, added, later);
    expect(logger.lines.filter((line) => line.object.reason === 'location_added')).toHaveLength(4); // one per pass

    await database.query(`DELETE FROM ecm.tasks WHERE location_id = 'new'`);
    await database.query(`DELETE FROM ecm.locations WHERE location_id = 'new'`);
    const evenLater = plusMinutes(NOW, 2);
    const removed = await refreshEngine(database, engine, evenLater, settings);
    expect(removed.get('tasks')?.report.locations).toEqual([{ reason: 'location_removed', count: 1 }]);
    expect([...(removed.get('tasks')?.locations.keys() ?? [])]).toEqual(['home']);
    await expectEqualToSql(database, removed, evenLater);
  });

  it('starts over when the clock is set back, or settings change (only the passes they concern)', async () => {
    const database = (db = await freshDatabase(target));
    await someRows(database);
    const logger = recordingLogger();
    const engine = createIncrementalEngine({ reverifyMinutes: 15, logger });
    expect(modes(await refreshEngine(database, engine, NOW, settings))).toEqual({ tasks: 'start', care_notes: 'start', alerts: 'start', shifts: 'start' });
    const back = plusMinutes(NOW, -30);
    const afterBack = await refreshEngine(database, engine, back, settings);
    expect(modes(afterBack)).toEqual({ tasks: 'clock_back', care_notes: 'clock_back', alerts: 'clock_back', shifts: 'clock_back' });
    await expectEqualToSql(database, afterBack, back);
    // a stricter tolerance for medication concerns the tasks pass alone
    const stricter = settingsWith({ taskTolerance: { defaultMinutes: 60, byCategory: { medication: 15 } } });
    const changed = await refreshEngine(database, engine, NOW, stricter);
    expect(modes(changed)).toEqual({ tasks: 'settings_changed', care_notes: 'incremental', alerts: 'incremental', shifts: 'incremental' });
    const locations = await readLocations(database, NOW, stricter);
    expect(engineNumbers(changed)).toEqual(await referenceNumbers(database, NOW, stricter, locations));
    expect(logger.lines.map((line) => `${String(line.object.pass)} ${String(line.object.reason)}`)).toContain('tasks settings_changed');
  });

  it('keeps the previous state whole when a refresh fails half-way, and goes on from it', async () => {
    const database = (db = await freshDatabase(target));
    await someRows(database);
    const engine = createIncrementalEngine({ reverifyMinutes: 15 });
    const tasks = engine.units.find((unit) => unit.name === 'indicators_tasks');
    if (!tasks) throw new Error('no tasks unit');
    await refreshEngine(database, engine, NOW, settings);
    // a new outcome recorded, then a refresh whose read fails after discovery succeeded
    await database.query(`UPDATE ecm.tasks SET completed_at = $1, status = 'completed' WHERE status = 'missed'`, [plusMinutes(NOW, 1).toISOString()]);
    const failing = (tx: Queryable): Queryable => ({
      query: (sql, params) => (sql.includes('FROM binned') ? Promise.reject(new Error('connection lost')) : tx.query(sql, params)),
    });
    const context = { now: plusMinutes(NOW, 1), settings, locations: await readLocations(database, NOW, settings) };
    await expect(database.readOnly((tx) => tasks.run(failing(tx), context), { statementTimeoutMs: 30_000 })).rejects.toThrow('connection lost');
    const next = plusMinutes(NOW, 2);
    const views = await refreshEngine(database, engine, next, settings);
    // brought up to date from the state before the failure (the outcome recorded at +1 min is found by its timestamp)
    expect(views.get('tasks')?.report.mode).toBe('incremental');
    await expectEqualToSql(database, views, next);
  });

  it('starts over when the database restarted or went back to an older backup', async () => {
    const database = (db = await freshDatabase(target));
    await someRows(database);
    const engine = createIncrementalEngine({ reverifyMinutes: 15 });
    await refreshEngine(database, engine, NOW, settings);
    const asIf = (identity: { started?: string; xmax?: string }): Db => ({
      ...database,
      readOnly: (fn, options) =>
        database.readOnly(
          (tx) =>
            fn({
              query: async <R extends Row = Row>(sql: string, params?: readonly unknown[]) => {
                const result = await tx.query<R>(sql, params);
                if (sql === SERVER_IDENTITY_SQL) for (const row of result.rows) Object.assign(row, identity);
                return result;
              },
            }),
          options,
        ),
    });
    const restarted = await refreshEngine(asIf({ started: '2030-01-01 00:00:00+00' }), engine, plusMinutes(NOW, 1), settings);
    expect(modes(restarted)).toEqual({
      tasks: 'database_restarted',
      care_notes: 'database_restarted',
      alerts: 'database_restarted',
      shifts: 'database_restarted',
    });
    // the same server start as now, but a transaction counter behind the one seen: the data went back in time
    const restored = await refreshEngine(asIf({ xmax: '3' }), engine, plusMinutes(NOW, 2), settings);
    expect(modes(restored)).toEqual({
      tasks: 'database_restarted',
      care_notes: 'database_restarted',
      alerts: 'database_restarted',
      shifts: 'database_restarted',
    });
    const back = await refreshEngine(asIf({ xmax: '2' }), engine, plusMinutes(NOW, 3), settings);
    expect(modes(back)).toEqual({ tasks: 'database_restored', care_notes: 'database_restored', alerts: 'database_restored', shifts: 'database_restored' });
    await expectEqualToSql(database, back, plusMinutes(NOW, 3));
  });

  it('finds by re-verification what no timestamp shows, counts it and logs counts only', async () => {
    const database = (db = await freshDatabase(target));
    await someRows(database);
    const logger = recordingLogger();
    const engine = createIncrementalEngine({ reverifyMinutes: 15, logger });
    await refreshEngine(database, engine, NOW, settings);
    // the task due 2 days ago, recorded late, is cancelled: nothing in the row says when
    await database.query(`UPDATE ecm.tasks SET status = 'cancelled' WHERE due_at = $1`, ['2026-03-28T09:00:00Z']);
    const unseen = await refreshEngine(database, engine, plusMinutes(NOW, 1), settings);
    const before = engineNumbers(unseen).indicators.task_completion?.['home 7d'];
    // 7d judges 3 tasks: 28 Mar (recorded late), 30 Mar (missed), this morning (on time): the cancelled one still counts
    expect(before).toEqual([2, 3]);
    engine.reverifyEverythingNext();
    const verified = await refreshEngine(database, engine, plusMinutes(NOW, 2), settings);
    expect(engineNumbers(verified).indicators.task_completion?.['home 7d']).toEqual([1, 2]);
    await expectEqualToSql(database, verified, plusMinutes(NOW, 2));
    expect(verified.get('tasks')?.report.differences).toBe(1);
    expect(engine.counters('tasks').differences).toBe(1);
    const warning = logger.lines.find((line) => line.level === 'warn');
    expect(warning?.object).toEqual({ pass: 'tasks', buckets: 1, weeks: 0, reverified: expect.any(Number) as number });
    // Published through the catalogue: the one difference, the one start per pass, nothing else recomputed.
    const families = engineFamilies(engine);
    expect(validateFamilies(families).problems).toEqual([]);
    const value = (name: string, labels: Record<string, string>) =>
      families.find((candidate) => candidate.definition.name === name)?.samples.find((sample) => JSON.stringify(sample.labels) === JSON.stringify(labels))
        ?.value;
    expect(value('ecm_adoption_exporter_reverify_differences_total', { pass: 'tasks' })).toBe(1);
    expect(value('ecm_adoption_exporter_reverify_differences_total', { pass: 'alerts' })).toBe(0);
    expect(value('ecm_adoption_exporter_reverified_buckets_total', { pass: 'tasks' })).toBe(engine.counters('tasks').bucketsReverified);
    expect(engine.counters('tasks').bucketsReverified).toBeGreaterThan(0);
    expect(value('ecm_adoption_exporter_indicator_recomputes_total', { pass: 'care_notes', reason: 'start' })).toBe(1);
    expect(value('ecm_adoption_exporter_indicator_recomputes_total', { pass: 'care_notes', reason: 'clock_back' })).toBe(0);
  });

  it('re-verifies the last 7 days within the interval without being asked', async () => {
    const database = (db = await freshDatabase(target));
    await someRows(database);
    const engine = createIncrementalEngine({ reverifyMinutes: 15 });
    await refreshEngine(database, engine, NOW, settings);
    await database.query(`DELETE FROM ecm.care_notes WHERE occurred_at = $1`, ['2026-03-29T10:00:00Z']);
    let now = NOW;
    let found = 0;
    for (let minute = 1; minute <= 15; minute += 1) {
      now = plusMinutes(NOW, minute);
      found += (await refreshEngine(database, engine, now, settings)).get('care_notes')?.report.differences ?? 0;
    }
    expect(found).toBe(1);
    await expectEqualToSql(database, await refreshEngine(database, engine, plusMinutes(now, 1), settings), plusMinutes(now, 1));
  });
});
