import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import type { MetricFamily } from '../../src/engine/types.ts';
import { seedDatabase } from '../../src/seed/index.ts';
import { storyLocations } from '../../src/seed/stories.ts';
import { databaseTargets } from '../support/databases.ts';
import { runDomain, sampleValue } from '../support/fixtures.ts';

// The generator's stories, read back through the indicator engine with default settings.
const NOW = new Date('2026-11-25T10:00:00Z');
const stories = storyLocations('medium');

// Seeded once, on PostgreSQL when TEST_DATABASE_URL is set (faster), else on PGlite (as the seed's own story test).
const mediumTarget = databaseTargets().at(-1);
describe.runIf(mediumTarget)(`medium profile stories through the indicators on ${mediumTarget?.name ?? 'none'}`, () => {
  let db: Db | undefined;
  let families: Map<string, MetricFamily>;
  beforeAll(async () => {
    if (!mediumTarget) throw new Error('no database target');
    db = await mediumTarget.create();
    await seedDatabase(db, { profile: 'medium', seed: 5, now: NOW });
    ({ families } = await runDomain(db, NOW));
  }, 900_000);
  afterAll(async () => db?.close());

  const ratios = (indicator: string): Map<string, number> =>
    new Map(
      (families.get('ecm_adoption_indicator_ratio')?.samples ?? [])
        .filter((sample) => sample.labels.indicator === indicator && sample.labels.window === '28d')
        .map((sample) => [sample.labels.location ?? '', sample.value]),
    );

  it('(a) frequent access but incomplete tasks: high login_coverage, the lowest task_on_time, red', () => {
    const location = stories.a ?? '';
    expect(ratios('login_coverage').get(location)).toBeGreaterThanOrEqual(0.95);
    const onTime = ratios('task_on_time');
    expect(onTime.size).toBe(10);
    expect(Math.min(...onTime.values())).toBe(onTime.get(location));
    expect(onTime.get(location)).toBeLessThan(0.65); // below the weekly critical level
    expect(sampleValue(families, 'ecm_adoption_indicator_status', { indicator: 'task_on_time', location, window: '7d' })).toBe(2);
  });

  it('(c) copied wording: the highest note_duplication of all locations', () => {
    const location = stories.c ?? '';
    const duplication = ratios('note_duplication');
    expect(duplication.size).toBe(10);
    const others = [...duplication].filter(([id]) => id !== location).map(([, value]) => value);
    expect(duplication.get(location)).toBeGreaterThan(Math.max(...others));
  });

  it('(e) stable: in monthly governance with at least 4 weeks on target', () => {
    const location = stories.e ?? '';
    expect(sampleValue(families, 'ecm_adoption_governance_phase', { location, phase: 'monthly' })).toBe(1);
    expect(sampleValue(families, 'ecm_adoption_governance_streak', { location })).toBeGreaterThanOrEqual(4);
    // and the ordinary locations are not: an ordinary home just misses task_on_time and stays weekly
    const monthly = (families.get('ecm_adoption_governance_phase')?.samples ?? []).filter((s) => s.labels.phase === 'monthly' && s.value === 1);
    expect(monthly.map((sample) => sample.labels.location)).toEqual([location]);
  });
});
