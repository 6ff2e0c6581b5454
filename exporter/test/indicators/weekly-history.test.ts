import { afterEach, describe, expect, it } from 'vitest';
import type { Db, Queryable } from '../../src/db/index.ts';
import { indicatorUnit, splitIntoStatements, weeksToQuery } from '../../src/engine/domain-indicator-unit.ts';
import { buildQueryUnits } from '../../src/engine/domain.ts';
import { withIndicatorResults } from '../../src/engine/domain-passes.ts';
import { isDomainResult } from '../../src/engine/domain-results.ts';
import { indicatorUnitName, weeklyWindows } from '../../src/engine/domain-units.ts';
import type { UnitOutcome } from '../../src/engine/types.ts';
import { INDICATORS } from '../../src/indicators/index.ts';
import type { LocationInfo } from '../../src/engine/types.ts';
import { DEFAULT_INDICATOR_SETTINGS } from '../../src/indicators/settings.ts';
import { noteTimeliness } from '../../src/indicators/note-timeliness.ts';
import { databaseTargets } from '../support/databases.ts';
import { HOME, at, countsFor, freshDatabase, insert, plusMinutes } from '../support/fixtures.ts';

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

  it('keeps settled weeks and rechecks them after 6 h; recent weeks are always recomputed', async () => {
    const database = await freshDatabase(target, { go_live_date: '2026-03-02' });
    db = database;
    const unit = indicatorUnit(noteTimeliness);
    const run = async (now: Date) => {
      const result = await database.readOnly((tx) => unit.run(tx, { now, settings: DEFAULT_INDICATOR_SETTINGS, locations: [SPRING] }), {
        statementTimeoutMs: 30_000,
      });
      return Object.fromEntries(result.weekly.map((count) => [count.window, count.denominator]));
    };
    const now = at('2026-04-08T12:00Z'); // settled = ended before 25 Mar 12:00: weeks of 2, 9 and 16 Mar
    expect(await run(now)).toEqual({ '2026-03-02': 0, '2026-03-09': 0, '2026-03-16': 0, '2026-03-23': 0, '2026-03-30': 0 });
    // backfill one note into a settled week (9 Mar) and one into a recent week (30 Mar)
    await insert(database, 'care_notes', [
      { occurred_at: at('2026-03-10T10:00Z'), recorded_at: at('2026-03-10T10:00Z') },
      { occurred_at: at('2026-03-31T10:00Z'), recorded_at: at('2026-03-31T10:00Z') },
    ]);
    expect(await run(plusMinutes(now, 1))).toEqual({ '2026-03-02': 0, '2026-03-09': 0, '2026-03-16': 0, '2026-03-23': 0, '2026-03-30': 1 });
    expect(await run(plusMinutes(now, 6 * 60 + 1))).toEqual({ '2026-03-02': 0, '2026-03-09': 1, '2026-03-16': 0, '2026-03-23': 0, '2026-03-30': 1 });
  });

  it('reads settled weeks and each location in statements of their own within one transaction, with the same counts', async () => {
    const database = await freshDatabase(target, { go_live_date: '2026-03-02' });
    db = database;
    await insert(database, 'locations', [{ location_id: 'b', go_live_date: '2026-03-02' }]);
    const note = (occurred: string, recorded: string, location = 'home') => ({ location_id: location, occurred_at: at(occurred), recorded_at: at(recorded) });
    await insert(database, 'care_notes', [
      note('2026-03-03T10:00Z', '2026-03-03T10:00Z'), // home, week of 2 Mar, on time
      note('2026-03-10T10:00Z', '2026-03-10T13:00Z'), // home, week of 9 Mar, 3 h late (threshold 2 h)
      note('2026-03-17T10:00Z', '2026-03-17T10:30Z'), // home, week of 16 Mar, on time
      note('2026-03-31T10:00Z', '2026-03-31T10:00Z'), // home, week of 30 Mar (starts 29 Mar 23:00Z, BST), on time
      note('2026-03-11T09:00Z', '2026-03-11T12:00Z', 'b'), // b, week of 9 Mar, 3 h late
    ]);
    const now = at('2026-04-08T12:00Z'); // settled: weeks of 2, 9, 16 Mar; recent: 23, 30 Mar
    let statements = 0;
    const unit = indicatorUnit(noteTimeliness, { settledWeeks: 1, locations: 1 });
    const result = await database.readOnly(
      (tx) => {
        const counting: Queryable = { query: (sql, params) => ((statements += 1), tx.query(sql, params)) };
        return unit.run(counting, { now, settings: DEFAULT_INDICATOR_SETTINGS, locations: [SPRING, { ...SPRING, locationId: 'b' }] });
      },
      { statementTimeoutMs: 30_000 },
    );
    // Per location: one statement for the rolling windows and recent weeks, then one per settled week (1 per statement).
    expect(statements).toBe(2 * (1 + 3));
    expect(result.weeklyComplete).toBe(true);
    const byLocation = (counts: typeof result.weekly, location: string) =>
      Object.fromEntries(counts.filter((c) => c.locationId === location).map((c) => [c.window, [c.numerator, c.denominator]]));
    expect(byLocation(result.weekly, 'home')).toEqual({
      '2026-03-02': [1, 1],
      '2026-03-09': [0, 1],
      '2026-03-16': [1, 1],
      '2026-03-23': [0, 0],
      '2026-03-30': [1, 1],
    });
    expect(byLocation(result.weekly, 'b')).toEqual({
      '2026-03-02': [0, 0],
      '2026-03-09': [0, 1],
      '2026-03-16': [0, 0],
      '2026-03-23': [0, 0],
      '2026-03-30': [0, 0],
    });
    // 7d = [1 Apr 12:00, 8 Apr 12:00): nothing; 28d = [11 Mar 12:00, 8 Apr 12:00): home's notes of 17 and 31 Mar, both on
    // time; b's note of 11 Mar 09:00 is before the window.
    expect(byLocation(result.rolling, 'home')).toEqual({ '7d': [0, 0], '28d': [2, 2] });
    expect(byLocation(result.rolling, 'b')).toEqual({ '7d': [0, 0], '28d': [0, 0] });
  });

  it('the indicator engine of the pipeline yields the whole weekly history of every indicator on the first run', async () => {
    const database = await freshDatabase(target, { go_live_date: '2026-03-02' });
    db = database;
    const now = at('2026-04-08T12:00Z'); // complete weeks since go-live: 2, 9, 16, 23 and 30 Mar
    const context = { now, settings: DEFAULT_INDICATOR_SETTINGS, locations: [SPRING] };
    const outcomes = new Map<string, UnitOutcome<unknown>>();
    for (const unit of buildQueryUnits().filter((candidate) => candidate.name.startsWith('indicators_'))) {
      outcomes.set(unit.name, { ok: true, value: await database.readOnly((tx) => unit.run(tx, context), { statementTimeoutMs: 30_000 }) });
    }
    expect(outcomes.size).toBe(4); // one pass per table: tasks, care notes, alerts, shifts
    const results = withIndicatorResults(outcomes);
    for (const indicator of INDICATORS) {
      const outcome = results.get(indicatorUnitName(indicator.name));
      const result = outcome?.ok ? outcome.value : undefined;
      expect(
        isDomainResult(result) && result.kind === 'indicator_counts' ? { complete: result.weeklyComplete, weeks: result.weekly.map((c) => c.window) } : result,
      ).toEqual({
        complete: true,
        weeks: ['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23', '2026-03-30'],
      });
    }
  });
});

describe('splitIntoStatements', () => {
  const now = at('2026-04-08T12:00Z');
  const windows = weeklyWindows([SPRING, { ...SPRING, locationId: 'b' }], now);
  const names = (statements: Array<Array<{ locationId: string; label: string }>>) =>
    statements.map((statement) => statement.map((w) => `${w.locationId} ${w.label}`));

  it('puts recent weeks first, then at most N settled weeks per location in each further statement', () => {
    expect(names(splitIntoStatements(windows, now, { settledWeeks: 2 }))).toEqual([
      ['home 2026-03-23', 'home 2026-03-30', 'b 2026-03-23', 'b 2026-03-30'],
      ['home 2026-03-02', 'home 2026-03-09', 'b 2026-03-02', 'b 2026-03-09'],
      ['home 2026-03-16', 'b 2026-03-16'],
    ]);
    // Nothing settled to read (all cached): one statement.
    expect(
      names(
        splitIntoStatements(
          windows.filter((w) => w.label >= '2026-03-23'),
          now,
        ),
      ),
    ).toHaveLength(1);
  });

  it('puts at most N locations in a statement', () => {
    expect(names(splitIntoStatements(windows, now, { settledWeeks: 3, locations: 1 }))).toEqual([
      ['home 2026-03-23', 'home 2026-03-30'],
      ['home 2026-03-02', 'home 2026-03-09', 'home 2026-03-16'],
      ['b 2026-03-23', 'b 2026-03-30'],
      ['b 2026-03-02', 'b 2026-03-09', 'b 2026-03-16'],
    ]);
    // 0 or NaN mean 1, never an empty or lost statement.
    expect(names(splitIntoStatements(windows, now, { settledWeeks: Number.NaN, locations: 0 })).flat()).toHaveLength(windows.length);
  });
});

describe('weeksToQuery', () => {
  const now = at('2026-04-08T12:00Z');
  const windows = weeklyWindows([SPRING, { ...SPRING, locationId: 'b' }], now);

  it('queries every week on an empty cache, at most `budget` settled weeks per location, and all recent weeks', () => {
    expect(weeksToQuery(windows, new Map(), now, Number.POSITIVE_INFINITY)).toHaveLength(10);
    // settled: 2, 9, 16 Mar (ended by 25 Mar 12:00); recent: 23, 30 Mar. Budget 1: 1 settled + 2 recent per location.
    const limited = weeksToQuery(windows, new Map(), now, 1).map((week) => `${week.locationId} ${week.label}`);
    expect(limited).toEqual(['home 2026-03-02', 'home 2026-03-23', 'home 2026-03-30', 'b 2026-03-02', 'b 2026-03-23', 'b 2026-03-30']);
  });
});
