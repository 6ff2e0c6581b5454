import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import { assembleFamilies, indicatorUnitNameFor } from '../../src/engine/domain.ts';
import { databaseTargets } from '../support/databases.ts';
import { at, familyMap, freshDatabase, insert, plusMinutes, runDomain, sampleValue, settingsWith } from '../support/fixtures.ts';

const NOW = at('2026-03-31T12:00:00Z'); // Tuesday; 7d = [03-24 12:00Z, now)
// Label values are passed through as they are; the runtime's renderer escapes them.
const AWKWARD = 'Care "Home" \\ North\nÉtage – 北';

describe.each(databaseTargets())('assembled domain families on $name', (target) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('suppresses below the minimum cohort (4 vs 5) and passes awkward location ids through unchanged', async () => {
    db = await freshDatabase(target, { go_live_date: '2026-03-16' });
    await insert(db, 'locations', [{ location_id: AWKWARD, go_live_date: '2026-03-16' }]);
    const note = (location: string, occurred: Date, delayMinutes: number) => ({
      location_id: location,
      occurred_at: occurred,
      recorded_at: plusMinutes(occurred, delayMinutes),
    });
    const day = at('2026-03-30T09:00Z');
    await insert(db, 'care_notes', [
      // home: 5 notes, 4 on time, 1 late (3 h) -> 4/5 = 0.8, published
      ...[10, 20, 30, 40].map((delay) => note('home', day, delay)),
      note('home', day, 180),
      // awkward: 4 notes, all on time -> 4 < 5: suppressed
      ...[10, 20, 30, 40].map((delay) => note(AWKWARD, day, delay)),
    ]);
    const { families } = await runDomain(db, NOW);
    const home7d = { indicator: 'note_timeliness', location: 'home', window: '7d' };
    expect(sampleValue(families, 'ecm_adoption_indicator_suppressed', home7d)).toBe(0);
    expect(sampleValue(families, 'ecm_adoption_indicator_ratio', home7d)).toBe(0.8);
    expect(sampleValue(families, 'ecm_adoption_indicator_numerator', home7d)).toBe(4);
    expect(sampleValue(families, 'ecm_adoption_indicator_denominator', home7d)).toBe(5);
    // weekly phase (go-live 2 weeks ago): status from 7d against weekly 0.8/0.6 -> 0.8 meets the target: green
    expect(sampleValue(families, 'ecm_adoption_indicator_status', home7d)).toBe(0);
    expect(sampleValue(families, 'ecm_adoption_indicator_status', { ...home7d, window: '28d' })).toBeUndefined();
    expect(sampleValue(families, 'ecm_adoption_indicator_threshold_ratio', { indicator: 'note_timeliness', location: 'home', level: 'target' })).toBe(0.8);
    expect(sampleValue(families, 'ecm_adoption_indicator_threshold_ratio', { indicator: 'note_timeliness', location: 'home', level: 'critical' })).toBe(0.6);

    const awkward7d = { indicator: 'note_timeliness', location: AWKWARD, window: '7d' };
    expect(sampleValue(families, 'ecm_adoption_indicator_suppressed', awkward7d)).toBe(1);
    for (const name of ['ratio', 'numerator', 'denominator', 'status']) {
      expect(sampleValue(families, `ecm_adoption_indicator_${name}`, awkward7d)).toBeUndefined();
    }
    expect(sampleValue(families, 'ecm_adoption_governance_phase', { location: AWKWARD, phase: 'weekly' })).toBe(1);
    expect(sampleValue(families, 'ecm_adoption_go_live_timestamp_seconds', { location: AWKWARD })).toBe(Date.parse('2026-03-16T00:00:00Z') / 1000);
    // No sample carries a label its catalogue definition does not declare, and none a label that could
    // name a person: every label is one of these (task `category` is a kind of care task, not a person).
    const allowed = new Set(['indicator', 'location', 'window', 'level', 'title', 'direction', 'phase', 'severity', 'quantile', 'table', 'reason', 'category']);
    for (const family of families.values()) {
      const declared = new Set(family.definition.labels.map((label) => label.name));
      for (const sample of family.samples)
        for (const label of Object.keys(sample.labels)) {
          expect(allowed).toContain(label);
          expect(declared, family.definition.name).toContain(label);
        }
    }
  });

  it('a failed unit leaves its metrics out: no zeros, no phase without the full history', async () => {
    db = await freshDatabase(target);
    await insert(db, 'locations', [{ location_id: 'pinned' }]);
    const run = await runDomain(db, NOW, settingsWith({ phasePins: { pinned: 'monthly' } }));
    run.outcomes.set(indicatorUnitNameFor('note_timeliness'), { ok: false, error: new Error('canceling statement due to statement timeout') });
    run.outcomes.set('live_tasks_overdue', { ok: false, error: new Error('connection lost') });
    const families = familyMap(assembleFamilies(run.outcomes, run.context));
    const noteSamples = [...families.values()].flatMap((family) =>
      family.definition.name === 'ecm_adoption_indicator_info'
        ? []
        : family.samples.filter(
            (sample) => sample.labels.indicator === 'note_timeliness' && family.definition.name !== 'ecm_adoption_indicator_threshold_ratio',
          ),
    );
    expect(noteSamples).toEqual([]);
    expect(families.has('ecm_adoption_tasks_overdue')).toBe(false);
    expect(sampleValue(families, 'ecm_adoption_indicator_suppressed', { indicator: 'task_completion', location: 'home', window: '7d' })).toBe(1);
    // unpinned: the phase needs every core indicator's history -> absent; pinned: known, weeks on target unknown
    expect(sampleValue(families, 'ecm_adoption_governance_phase', { location: 'home', phase: 'weekly' })).toBeUndefined();
    expect(sampleValue(families, 'ecm_adoption_governance_phase', { location: 'pinned', phase: 'monthly' })).toBe(1);
    expect(sampleValue(families, 'ecm_adoption_governance_streak', { location: 'pinned' })).toBeUndefined();
    expect(sampleValue(families, 'ecm_adoption_alerts_unacknowledged', { location: 'home', severity: 'critical' })).toBe(0);
  });

  it('replays the phase from the weekly history: monthly after 4 green weeks and 8 weeks, weekly again on a red week, pinned', async () => {
    // go-live Mon 5 Jan 2026; complete weeks before Tue 31 Mar: 5 Jan ... 23 Mar = 12 weeks (the last one has the clock change).
    // Only note_timeliness is core here and the cohort is 1, so one note per week decides the week.
    db = await freshDatabase(target);
    await insert(db, 'locations', [{ location_id: 'slipping' }, { location_id: 'pinned' }]);
    const weeks = Array.from({ length: 12 }, (_, k) => plusMinutes(at('2026-01-07T10:00Z'), k * 7 * 24 * 60)); // each Wednesday
    const note = (location: string, occurred: Date, delayMinutes: number) => ({
      location_id: location,
      occurred_at: occurred,
      recorded_at: plusMinutes(occurred, delayMinutes),
    });
    await insert(db, 'care_notes', [
      ...weeks.map((occurred) => note('home', occurred, 5)), // 12 on-time weeks
      ...weeks.map((occurred) => note('pinned', occurred, 5)),
      ...weeks.map((occurred, k) => note('slipping', occurred, k === 11 ? 600 : 5)), // the last week is late: 0/1, red
    ]);
    const settings = settingsWith({ coreIndicators: ['note_timeliness'], minCohort: 1, phasePins: { pinned: 'weekly' } });
    const { families } = await runDomain(db, NOW, settings);
    // home: the streak reaches 4 in week 4 but only week 8 (ends 2 Mar, day 56) is 8 weeks after go-live -> monthly; 12 weeks on target
    expect(sampleValue(families, 'ecm_adoption_governance_phase', { location: 'home', phase: 'monthly' })).toBe(1);
    expect(sampleValue(families, 'ecm_adoption_governance_phase', { location: 'home', phase: 'weekly' })).toBe(0);
    expect(sampleValue(families, 'ecm_adoption_governance_streak', { location: 'home' })).toBe(12);
    // monthly: thresholds of the monthly phase, status from the 28d window (4 on-time notes in 28d: 1.0, green)
    expect(sampleValue(families, 'ecm_adoption_indicator_threshold_ratio', { indicator: 'note_timeliness', location: 'home', level: 'target' })).toBe(0.9);
    expect(sampleValue(families, 'ecm_adoption_indicator_status', { indicator: 'note_timeliness', location: 'home', window: '28d' })).toBe(0);
    expect(sampleValue(families, 'ecm_adoption_indicator_status', { indicator: 'note_timeliness', location: 'home', window: '7d' })).toBeUndefined();
    // slipping: monthly from week 8, red in week 12 -> weekly, streak 0
    expect(sampleValue(families, 'ecm_adoption_governance_phase', { location: 'slipping', phase: 'weekly' })).toBe(1);
    expect(sampleValue(families, 'ecm_adoption_governance_streak', { location: 'slipping' })).toBe(0);
    // pinned weekly: 12 green weeks but stays weekly
    expect(sampleValue(families, 'ecm_adoption_governance_phase', { location: 'pinned', phase: 'weekly' })).toBe(1);
    expect(sampleValue(families, 'ecm_adoption_governance_streak', { location: 'pinned' })).toBe(12);
    expect(sampleValue(families, 'ecm_adoption_indicator_threshold_ratio', { indicator: 'note_timeliness', location: 'pinned', level: 'target' })).toBe(0.8);
  });
});
