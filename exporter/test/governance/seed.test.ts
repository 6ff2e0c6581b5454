import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/types.ts';
import type { MetricFamily } from '../../src/engine/types.ts';
import { buildLogs, seedGovernanceLogs } from '../../src/seed/governance-logs.ts';
import { localDateDaysAgo, profilePlans, storyLocations } from '../../src/seed/stories.ts';
import { databaseTargets } from '../support/databases.ts';
import { location, refreshGovernance, valueOf } from './support.ts';

const NOW = new Date('2026-11-25T12:00:00Z');
const PLANS = profilePlans('medium');
const LOCATIONS = PLANS.map((plan) => location(plan.locationId, localDateDaysAgo(NOW, plan.goLiveDaysAgo)));
// The domain puts story (e) in monthly and the others in weekly (indicator engine tests).
const PHASES = new Map(PLANS.map((plan) => [plan.locationId, plan.stories.includes('e') ? 'monthly' : 'weekly'] as const));
const STORY = storyLocations('medium');

function story(key: 'a' | 'b' | 'e' | 'f'): string {
  const found = STORY[key];
  if (!found) throw new Error(`medium has no story ${key}`);
  return found;
}

describe('seedGovernanceLogs (pure part)', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(JSON.stringify(buildLogs({ profile: 'medium', seed: 7, now: NOW }))).toBe(JSON.stringify(buildLogs({ profile: 'medium', seed: 7, now: NOW })));
    expect(JSON.stringify(buildLogs({ profile: 'medium', seed: 7, now: NOW }))).not.toBe(JSON.stringify(buildLogs({ profile: 'medium', seed: 8, now: NOW })));
  });
});

describe.each(databaseTargets())('the seeded governance logs tell the stories on $name', (target) => {
  let db: Db;
  let families: MetricFamily[];
  const v = (name: string, labels: Record<string, string>) => valueOf(families, `ecm_adoption_${name}`, labels);
  beforeAll(async () => {
    db = await target.create();
    await seedGovernanceLogs(db, { profile: 'medium', seed: 42, now: NOW });
    // Seeding again replaces the logs rather than failing on existing ids.
    await seedGovernanceLogs(db, { profile: 'medium', seed: 42, now: NOW });
    families = await refreshGovernance(db, { now: NOW, locations: LOCATIONS, phases: PHASES });
  });
  afterAll(async () => {
    await db.close();
  });

  it('story (b): record audits improve after the training date', () => {
    const b = story('b');
    // 28d lies after the training (35 days ago); 90d includes the weeks before it.
    const recent = v('audit_pass_ratio', { criterion: 'timely', location: b, window: '28d' }) ?? 0;
    const longer = v('audit_pass_ratio', { criterion: 'timely', location: b, window: '90d' }) ?? 1;
    expect(recent).toBeGreaterThan(longer);
    expect(v('audit_follow_ups', { location: b, window: '90d' })).toBe(3);
    expect(v('audit_follow_ups_not_improved', { location: b, window: '90d' })).toBe(0);
    expect(v('audit_improvement', { location: b, window: '90d' })).toBeGreaterThan(0);
  });

  it('story (a): follow-up audits show no improvement', () => {
    expect(v('audit_follow_ups_not_improved', { location: story('a'), window: '28d' })).toBe(2);
  });

  it('one barrier, in the story (f) location, is never acted on', () => {
    const notActed = families.find((family) => family.definition.name === 'ecm_adoption_feedback_barriers_not_acted_on')?.samples ?? [];
    const positive = notActed.filter((sample) => sample.value > 0 && sample.labels.window === '90d');
    expect(positive.map((sample) => sample.labels.location)).toEqual([story('f')]);
    expect(positive[0]?.value).toBe(1);
  });

  it('reviews: weekly, monthly for the stable location, one missed review is overdue', () => {
    const overdue = families.find((family) => family.definition.name === 'ecm_adoption_governance_review_overdue')?.samples ?? [];
    expect(overdue.filter((sample) => sample.value === 1).map((sample) => sample.labels.location)).toEqual([story('a')]);
    expect(v('governance_review_due_seconds', { location: story('e') })).toBe(31 * 86_400);
    // Story (e) is reviewed monthly now: 1 or 2 reviews of its own in 28 days plus the org board's one.
    expect(v('governance_reviews', { location: story('e'), window: '28d' })).toBeLessThanOrEqual(3);
    expect(v('governance_reviews', { location: story('b'), window: '28d' })).toBeGreaterThanOrEqual(4);
  });

  it('the issue log and actions have overdue work where the stories put it', () => {
    expect(v('issues_overdue', { category: 'local_practice', location: story('a'), priority: 'high' })).toBe(1);
    expect(v('corrective_actions_overdue', { kind: 'coaching', location: story('a') })).toBe(1);
    expect(v('issues_open', { category: 'supplier', location: 'organisation', priority: 'low' })).toBe(1);
  });
});
