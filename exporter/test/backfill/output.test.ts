/**
 * The file the backfill writes: OpenMetrics with every family's samples together, each
 * series' timestamps ascending, one sample per series per hour, `# EOF` last; the values
 * of the hand-made fixture at Mon 30 Mar 00:00 BST (see exactness.test.ts) as the
 * exporter publishes them (ratio/numerator/denominator absent when suppressed, status for
 * the phase's window only).
 */
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import { runBackfill } from '../../src/backfill/run.ts';
import { BACKFILL_FAMILIES } from '../../src/backfill/render.ts';
import { ITEM_QUERIES } from '../../src/backfill/items.ts';
import { INDICATORS } from '../../src/indicators/index.ts';
import { UserError } from '../../src/errors.ts';
import { DEFAULT_INDICATOR_SETTINGS } from '../../src/indicators/settings.ts';
import { createPgliteDb } from '../../src/db/index.ts';
import { migrateReferenceSchema } from '../../src/migrate.ts';
import { at, insert } from '../support/fixtures.ts';

const NOW = at('2026-04-01T00:00:00Z');
const T = Date.parse('2026-03-29T23:00:00Z') / 1000; // Mon 30 Mar 00:00 BST

describe('backfill item queries', () => {
  it('has one for every indicator (adding an indicator needs its backfill query too)', () => {
    expect(INDICATORS.map((indicator) => indicator.name).filter((name) => !ITEM_QUERIES.has(name))).toEqual([]);
    expect(ITEM_QUERIES.size).toBe(INDICATORS.length);
  });
});

describe('backfill output file', () => {
  let db: Db;
  let dir: string;
  let text = '';
  beforeAll(async () => {
    db = await createPgliteDb();
    await migrateReferenceSchema(db);
    await insert(db, 'locations', [{ location_id: 'home', go_live_date: '2026-03-02' }]);
    // Five tasks due in the 7d window of T, four done (one after T, so not yet done as of T), all mature.
    const task = (due: string, completed: string | null) => ({
      due_at: at(due),
      completed_at: completed ? at(completed) : null,
      status: completed ? 'completed' : 'missed',
    });
    await insert(db, 'tasks', [
      task('2026-03-28T09:00Z', '2026-03-28T09:10Z'),
      task('2026-03-28T10:00Z', '2026-03-28T10:20Z'),
      task('2026-03-28T11:00Z', '2026-03-28T13:00Z'), // late: deadline 12:00
      task('2026-03-28T12:00Z', null),
      task('2026-03-28T13:00Z', '2026-03-30T08:00Z'), // completed after T
    ]);
    dir = await mkdtemp(path.join(os.tmpdir(), 'ecm-backfill-'));
    const out = path.join(dir, 'history.om.txt');
    const summary = await runBackfill(
      { db, settings: DEFAULT_INDICATOR_SETTINGS, statementTimeoutMs: 30_000, now: NOW, out },
      { from: '2026-03-28', to: '2026-03-30' },
    );
    text = await readFile(out, 'utf8');
    // From 28 Mar 00:00 GMT up to (excluded) 31 Mar 00:00 BST: 24 + 24 + 23 = 71 hourly instants.
    expect(summary).toMatchObject({ locations: 1, samples: text.split('\n').filter((line) => line !== '' && !line.startsWith('#')).length });
    expect(summary.promtoolBlocks).toBe(36); // 71 instants from an even hour: 36 two-hour blocks
  });
  afterAll(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('groups each family, orders each series by time, ends with # EOF and leaves no temporary file', async () => {
    const lines = text.split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.at(-2)).toBe('# EOF');
    const typed = lines.filter((line) => line.startsWith('# TYPE ')).map((line) => line.split(' ')[2]);
    expect(typed).toEqual(BACKFILL_FAMILIES.map((family) => family.name)); // once each, in order
    let family = '';
    const lastSeen = new Map<string, number>();
    const perSeries = new Map<string, number>();
    for (const line of lines) {
      if (line.startsWith('# TYPE ')) family = line.split(' ')[2] ?? '';
      if (line.startsWith('#') || line === '') continue;
      const [series = '', , seconds = ''] = line.split(' ');
      expect(series.startsWith(`${family}{`)).toBe(true);
      const previous = lastSeen.get(series) ?? Number.NEGATIVE_INFINITY;
      expect(Number(seconds)).toBeGreaterThan(previous);
      lastSeen.set(series, Number(seconds));
      perSeries.set(series, (perSeries.get(series) ?? 0) + 1);
    }
    // Hourly, every instant: the always-published series have 71 samples.
    expect(perSeries.get('ecm_adoption_indicator_suppressed{indicator="task_completion",location="home",window="7d"}')).toBe(71);
    expect(perSeries.get('ecm_adoption_governance_streak{location="home"}')).toBe(71);
    expect(await readdir(dir)).toEqual(['history.om.txt']);
  });

  it('publishes the values as of T as the exporter would', () => {
    const at = (series: string) => text.split('\n').find((line) => line.startsWith(`${series} `) && line.endsWith(` ${T}`));
    const labels = '{indicator="task_completion",location="home",window="7d"}';
    // As of T: 5 judged (all mature), 3 done (the fifth was completed after T): 3 / 5 = 0.6.
    expect(at(`ecm_adoption_indicator_numerator${labels}`)).toBe(`ecm_adoption_indicator_numerator${labels} 3 ${T}`);
    expect(at(`ecm_adoption_indicator_denominator${labels}`)).toBe(`ecm_adoption_indicator_denominator${labels} 5 ${T}`);
    expect(at(`ecm_adoption_indicator_ratio${labels}`)).toBe(`ecm_adoption_indicator_ratio${labels} 0.6 ${T}`);
    expect(at(`ecm_adoption_indicator_suppressed${labels}`)).toBe(`ecm_adoption_indicator_suppressed${labels} 0 ${T}`);
    // Weekly phase: status on the 7d window; 0.6 is below the critical 0.75: red (2).
    expect(at(`ecm_adoption_indicator_status${labels}`)).toBe(`ecm_adoption_indicator_status${labels} 2 ${T}`);
    expect(at('ecm_adoption_indicator_status{indicator="task_completion",location="home",window="28d"}')).toBeUndefined();
    // On time: 09:10 and 10:20 only (11:00 was done at 13:00, past its 12:00 deadline): 2 / 5.
    expect(at('ecm_adoption_indicator_numerator{indicator="task_on_time",location="home",window="7d"}')).toContain(' 2 ');
    // Nothing else in the window: suppressed, and no ratio.
    expect(at('ecm_adoption_indicator_suppressed{indicator="note_timeliness",location="home",window="7d"}')).toContain(' 1 ');
    expect(at('ecm_adoption_indicator_ratio{indicator="note_timeliness",location="home",window="7d"}')).toBeUndefined();
    expect(at('ecm_adoption_indicator_threshold_ratio{indicator="task_completion",location="home",level="target"}')).toContain(' 0.9 ');
    expect(at('ecm_adoption_governance_phase{location="home",phase="weekly"}')).toContain(' 1 ');
    expect(at('ecm_adoption_governance_phase{location="home",phase="monthly"}')).toContain(' 0 ');
  });

  it('splits the same samples into one file per UTC day with --split-days 1', async () => {
    const out = path.join(dir, 'daily', 'history.om.txt');
    await mkdir(path.dirname(out));
    const summary = await runBackfill(
      { db, settings: DEFAULT_INDICATOR_SETTINGS, statementTimeoutMs: 30_000, now: NOW, out },
      { from: '2026-03-28', to: '2026-03-30', splitDays: 1 },
    );
    const names = ['history-2026-03-28.om.txt', 'history-2026-03-29.om.txt', 'history-2026-03-30.om.txt'];
    expect(await readdir(path.dirname(out))).toEqual(names);
    const parts = await Promise.all(names.map((name) => readFile(path.join(dir, 'daily', name), 'utf8')));
    const samples = (file: string) => file.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    // The same lines, cut at UTC midnight: 24 + 24 + 23 hours; 12 + 12 + 12 two-hour blocks.
    expect(parts.flatMap(samples).sort()).toEqual(samples(text).sort());
    expect(parts.map((part) => new Set(samples(part).map((line) => line.split(' ')[2])).size)).toEqual([24, 24, 23]);
    expect(parts.every((part) => part.endsWith('\n# EOF\n'))).toBe(true);
    expect(summary).toMatchObject({ files: names.map((name) => path.join(dir, 'daily', name)), promtoolBlocks: 36, samples: samples(text).length });
    await rm(path.join(dir, 'daily'), { recursive: true });
  });

  it('refuses a period before go-live and an unknown location, writing nothing', async () => {
    const out = path.join(dir, 'nothing.txt');
    const context = { db, settings: DEFAULT_INDICATOR_SETTINGS, statementTimeoutMs: 30_000, now: NOW, out };
    await expect(runBackfill(context, { from: '2026-02-01', to: '2026-03-01' })).rejects.toThrow(
      new UserError('nothing to backfill: the period ends before go-live (earliest go-live 2026-03-02); pass a --to on or after it'),
    );
    await expect(runBackfill(context, { location: 'nowhere' })).rejects.toThrow(/^--location: unknown location "nowhere" \(known: home\)$/);
    expect(await readdir(dir)).toEqual(['history.om.txt']);
  });
});
