import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import { databaseTargets } from '../support/databases.ts';
import { alertAckOnTime } from '../../src/indicators/alert-ack-on-time.ts';
import { loginCoverage } from '../../src/indicators/login-coverage.ts';
import { noteDuplication } from '../../src/indicators/note-duplication.ts';
import { noteTimeliness } from '../../src/indicators/note-timeliness.ts';
import { shiftActivityMatch } from '../../src/indicators/shift-activity-match.ts';
import { taskCompletion } from '../../src/indicators/task-completion.ts';
import type { IndicatorDefinition } from '../../src/indicators/types.ts';
import { at, countsFor, freshDatabase, insert, relaxConstraints, runDomain, sampleValue } from '../support/fixtures.ts';

const NOW = at('2026-03-31T12:00:00Z'); // 7d = [03-24 12:00Z, now)

describe.each(databaseTargets())('rows with NULL or inverted timestamps on $name', (target) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('are skipped by every indicator and counted by table and reason; the refresh still succeeds', async () => {
    const database = await freshDatabase(target);
    db = database;
    // adapters are views over vendor data without our constraints: drop them here
    await relaxConstraints(db);
    await insert(db, 'locations', [
      { location_id: 'no-go-live', go_live_date: null },
      { location_id: 'bad-zone', timezone: 'Mars/Olympus_Mons' },
    ]);
    const day = at('2026-03-30T08:00Z');
    await insert(db, 'shifts', [
      { staff_id: 'a', starts_at: null, ends_at: day }, // null start
      { staff_id: 'a', starts_at: day, ends_at: null }, // null end
      { staff_id: 'a', starts_at: day, ends_at: at('2026-03-30T07:00Z') }, // inverted
      { staff_id: null, starts_at: day, ends_at: at('2026-03-30T16:00Z') }, // nobody rostered
    ]);
    await insert(db, 'sessions', [
      { staff_id: 'a', started_at: null },
      { staff_id: 'a', started_at: day, ended_at: at('2026-03-30T07:00Z') }, // inverted
    ]);
    await insert(db, 'tasks', [
      { due_at: null, status: 'pending' },
      { due_at: day, status: null, completed_at: at('2026-03-30T08:10Z') }, // NULL status: not cancelled, counted
    ]);
    await insert(db, 'care_notes', [
      { occurred_at: null, recorded_at: day },
      { occurred_at: day, recorded_at: null },
      { occurred_at: day, recorded_at: day, body: null },
    ]);
    await insert(db, 'alerts', [
      { raised_at: null },
      { raised_at: day, acknowledged_at: at('2026-03-30T07:59Z') }, // acknowledged before raised
      { raised_at: day, severity: 'urgent' }, // no target for this severity
      { raised_at: day, severity: null },
    ]);
    const { outcomes, families } = await runDomain(db, NOW);
    const failed = [...outcomes].filter(([, outcome]) => !outcome.ok).map(([name]) => name);
    expect(failed).toEqual([]);
    const skipped = (table: string, reason: string) => sampleValue(families, 'ecm_adoption_rows_skipped', { table, reason });
    expect(skipped('locations', 'null_go_live_date')).toBe(1);
    expect(skipped('locations', 'invalid_timezone')).toBe(1);
    expect(skipped('shifts', 'null_timestamp')).toBe(2);
    expect(skipped('shifts', 'inverted_timestamps')).toBe(1);
    expect(skipped('shifts', 'null_staff_id')).toBe(1);
    expect(skipped('sessions', 'null_timestamp')).toBe(1);
    expect(skipped('sessions', 'inverted_timestamps')).toBe(1);
    expect(skipped('tasks', 'null_timestamp')).toBe(1);
    expect(skipped('care_notes', 'null_timestamp')).toBe(2);
    expect(skipped('alerts', 'null_timestamp')).toBe(1);
    expect(skipped('alerts', 'inverted_timestamps')).toBe(1);
    expect(skipped('alerts', 'unknown_severity')).toBe(2);
    // only the valid location is published
    expect(sampleValue(families, 'ecm_adoption_governance_phase', { location: 'bad-zone', phase: 'weekly' })).toBeUndefined();
    // what the indicators saw (7d [numerator, denominator]): no valid shift or alert; the NULL-status task (done);
    // the one note with both times (on time; its NULL body only keeps it out of note_duplication)
    const seen = async (indicator: IndicatorDefinition) => (await countsFor(database, indicator, NOW))['7d'];
    expect(await seen(loginCoverage)).toEqual([0, 0]);
    expect(await seen(shiftActivityMatch)).toEqual([0, 0]);
    expect(await seen(taskCompletion)).toEqual([1, 1]);
    expect(await seen(noteTimeliness)).toEqual([1, 1]);
    expect(await seen(noteDuplication)).toEqual([0, 0]);
    expect(await seen(alertAckOnTime)).toEqual([0, 0]);
  });
});
