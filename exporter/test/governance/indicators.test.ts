import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/types.ts';
import type { MetricFamily } from '../../src/engine/types.ts';
import { migrateGovernanceStore } from '../../src/governance/store.ts';
import { phasesFromFamilies } from '../../src/governance/units.ts';
import { GOVERNANCE_PHASE } from '../../src/shared/metrics.ts';
import { databaseTargets } from '../support/databases.ts';
import { FIXTURE_SQL, NOW } from './fixture.ts';
import { location, refreshGovernance, valueOf } from './support.ts';

const LOCATIONS = [location('loc-A', '2026-06-01'), location('loc-B', '2026-06-01'), location('loc-C', '2026-11-20')];
const PHASES = new Map([
  ['loc-A', 'weekly'],
  ['loc-B', 'monthly'],
  ['loc-C', 'weekly'],
] as const);
const DAY = 86_400;

describe.each(databaseTargets())('governance indicators on $name', (target) => {
  let db: Db;
  let families: MetricFamily[];
  const v = (name: string, labels: Record<string, string>) => valueOf(families, `ecm_adoption_${name}`, labels);

  beforeAll(async () => {
    db = await target.create();
    await migrateGovernanceStore(db);
    await db.exec(FIXTURE_SQL);
    families = await refreshGovernance(db, { now: NOW, locations: LOCATIONS, phases: PHASES });
  });
  afterAll(async () => {
    await db.close();
  });

  it('audit_pass per criterion, with suppression at cohort 4 vs 5', () => {
    // loc-A 28d: A1..A7 = 7 audited (A0 before, A9 at now excluded).
    // complete fails A4, A7 -> 5/7; person_specific fails A2 -> 6/7; timely fails A2 -> 6/7; correct_section 7/7.
    const a28 = (criterion: string) => ({ criterion, location: 'loc-A', window: '28d' });
    expect(v('audit_pass_denominator', a28('complete'))).toBe(7);
    expect(v('audit_pass_numerator', a28('complete'))).toBe(5);
    expect(v('audit_pass_ratio', a28('complete'))).toBeCloseTo(5 / 7, 12);
    expect(v('audit_pass_ratio', a28('person_specific'))).toBeCloseTo(6 / 7, 12);
    expect(v('audit_pass_ratio', a28('timely'))).toBeCloseTo(6 / 7, 12);
    expect(v('audit_pass_ratio', a28('correct_section'))).toBe(1);
    expect(v('audit_pass_suppressed', a28('complete'))).toBe(0);
    // loc-A 90d: + A0 (person_specific fails) = 8; A8 is before the window.
    // complete 6/8, person_specific 6/8 (A0, A2), timely 7/8, correct_section 8/8.
    const a90 = (criterion: string) => ({ criterion, location: 'loc-A', window: '90d' });
    expect(v('audit_pass_ratio', a90('complete'))).toBe(6 / 8);
    expect(v('audit_pass_ratio', a90('person_specific'))).toBe(6 / 8);
    expect(v('audit_pass_ratio', a90('timely'))).toBe(7 / 8);
    expect(v('audit_pass_denominator', a90('correct_section'))).toBe(8);
    // loc-B 28d: B1..B4 = 4 < 5 -> suppressed, nothing else published.
    const b28 = { criterion: 'timely', location: 'loc-B', window: '28d' };
    expect(v('audit_pass_suppressed', b28)).toBe(1);
    expect(v('audit_pass_ratio', b28)).toBeUndefined();
    expect(v('audit_pass_numerator', b28)).toBeUndefined();
    expect(v('audit_pass_denominator', b28)).toBeUndefined();
    // loc-B 90d: + B0, B5 = 6 >= 5; timely fails B5 -> 5/6.
    expect(v('audit_pass_suppressed', { criterion: 'timely', location: 'loc-B', window: '90d' })).toBe(0);
    expect(v('audit_pass_ratio', { criterion: 'timely', location: 'loc-B', window: '90d' })).toBe(5 / 6);
    // loc-C has no audits: 0 < 5, suppressed.
    expect(v('audit_pass_suppressed', { criterion: 'complete', location: 'loc-C', window: '90d' })).toBe(1);
  });

  it('audit gaps by cause follow the audit_pass suppression', () => {
    // loc-A 28d failing audits: A2 training, A4 workflow_design, A7 individual_practice.
    expect(v('audit_gaps', { cause: 'training', location: 'loc-A', window: '28d' })).toBe(1);
    expect(v('audit_gaps', { cause: 'workflow_design', location: 'loc-A', window: '28d' })).toBe(1);
    expect(v('audit_gaps', { cause: 'individual_practice', location: 'loc-A', window: '28d' })).toBe(1);
    expect(v('audit_gaps', { cause: 'not_recorded', location: 'loc-A', window: '28d' })).toBe(0);
    // 90d adds A0, failing without a recorded cause.
    expect(v('audit_gaps', { cause: 'not_recorded', location: 'loc-A', window: '90d' })).toBe(1);
    expect(v('audit_gaps', { cause: 'confidence', location: 'loc-B', window: '28d' })).toBeUndefined();
    expect(v('audit_gaps', { cause: 'confidence', location: 'loc-B', window: '90d' })).toBe(1);
  });

  it('audit_improvement between an audit and its follow-up', () => {
    // loc-A: A6 re-checks A2 (2 -> 4 criteria, +2), A7 re-checks A4 (3 -> 3, not improved).
    // mean change = (2 + 0) / (4 criteria * 2 follow-ups) = 0.25, in both windows.
    for (const window of ['28d', '90d']) {
      expect(v('audit_follow_ups', { location: 'loc-A', window })).toBe(2);
      expect(v('audit_follow_ups_not_improved', { location: 'loc-A', window })).toBe(1);
      expect(v('audit_improvement', { location: 'loc-A', window })).toBe(0.25);
    }
    // loc-B: B5 (09-15, 90d only) re-checks B0: 4 -> 3 = -1 / 4 = -0.25, not improved.
    expect(v('audit_improvement', { location: 'loc-B', window: '90d' })).toBe(-0.25);
    expect(v('audit_follow_ups_not_improved', { location: 'loc-B', window: '90d' })).toBe(1);
    expect(v('audit_follow_ups', { location: 'loc-B', window: '28d' })).toBe(0);
    expect(v('audit_improvement', { location: 'loc-B', window: '28d' })).toBeUndefined();
  });

  it('staff_confidence mean, responses and barriers by type; suppressed below the cohort', () => {
    // loc-A 28d: F1..F5, confidence 4+2+3+5+1 = 15 over 5 = 3; barriers training F1,F2; configuration F3.
    expect(v('staff_confidence_responses', { location: 'loc-A', window: '28d' })).toBe(5);
    expect(v('staff_confidence_mean', { location: 'loc-A', window: '28d' })).toBe(3);
    expect(v('staff_confidence_suppressed', { location: 'loc-A', window: '28d' })).toBe(0);
    expect(v('feedback_barriers', { barrier: 'training', location: 'loc-A', window: '28d' })).toBe(2);
    expect(v('feedback_barriers', { barrier: 'configuration', location: 'loc-A', window: '28d' })).toBe(1);
    expect(v('feedback_barriers', { barrier: 'local_practice', location: 'loc-A', window: '28d' })).toBe(0);
    // loc-A 90d: + F6 (2) + G1..G6 (3 each) = 12 responses, 15 + 2 + 18 = 35 -> 35/12.
    // training F1,F2,G1,G3,G5 = 5; configuration F3,G2 = 2; local_practice F6,G4 = 2.
    expect(v('staff_confidence_responses', { location: 'loc-A', window: '90d' })).toBe(12);
    expect(v('staff_confidence_mean', { location: 'loc-A', window: '90d' })).toBeCloseTo(35 / 12, 12);
    expect(v('feedback_barriers', { barrier: 'training', location: 'loc-A', window: '90d' })).toBe(5);
    expect(v('feedback_barriers', { barrier: 'local_practice', location: 'loc-A', window: '90d' })).toBe(2);
    // loc-B: one response (H1) -> suppressed: no mean, no count, no barriers.
    expect(v('staff_confidence_suppressed', { location: 'loc-B', window: '28d' })).toBe(1);
    expect(v('staff_confidence_mean', { location: 'loc-B', window: '28d' })).toBeUndefined();
    expect(v('staff_confidence_responses', { location: 'loc-B', window: '28d' })).toBeUndefined();
    expect(v('feedback_barriers', { barrier: 'training', location: 'loc-B', window: '28d' })).toBeUndefined();
  });

  it('feedback_acted_on judges barriers 30 days after they were raised', () => {
    // 28d judges responses submitted in [09-28 12:00, 10-26 12:00): G1..G4, F6 are barriers (G6 is none).
    // Acted on: G1 (ACT1 night_notes, completed 10-20 after 10-01), G2 (ACT2 org-wide, type configuration).
    // Not: G3 (ACT3 is another location), G4 (ACT4 completed 09-20, before), F6 (no action). 2/5.
    expect(v('feedback_acted_on_denominator', { location: 'loc-A', window: '28d' })).toBe(5);
    expect(v('feedback_acted_on_numerator', { location: 'loc-A', window: '28d' })).toBe(2);
    expect(v('feedback_acted_on_ratio', { location: 'loc-A', window: '28d' })).toBe(0.4);
    expect(v('feedback_barriers_not_acted_on', { location: 'loc-A', window: '28d' })).toBe(3);
    // 90d judges [07-28 12:00, 10-26 12:00): + G5 (09-01, ACT1 open until 10-20: acted on) -> 3/6.
    expect(v('feedback_acted_on_ratio', { location: 'loc-A', window: '90d' })).toBe(0.5);
    expect(v('feedback_barriers_not_acted_on', { location: 'loc-A', window: '90d' })).toBe(3);
    // loc-B: H1 (11-10) is not 30 days old: nothing judged; suppressed; too few responses for the count.
    expect(v('feedback_acted_on_suppressed', { location: 'loc-B', window: '28d' })).toBe(1);
    expect(v('feedback_acted_on_ratio', { location: 'loc-B', window: '28d' })).toBeUndefined();
    expect(v('feedback_barriers_not_acted_on', { location: 'loc-B', window: '28d' })).toBeUndefined();
  });

  it('adoption issues open, overdue and median days to resolve', () => {
    // loc-A training/high: I1 open (due 11-20, overdue) + I2 in_progress (due 12-10) = 2 open, 1 overdue.
    expect(v('issues_open', { category: 'training', location: 'loc-A', priority: 'high' })).toBe(2);
    expect(v('issues_overdue', { category: 'training', location: 'loc-A', priority: 'high' })).toBe(1);
    // I3 is organisation-wide, no due date.
    expect(v('issues_open', { category: 'configuration', location: 'organisation', priority: 'medium' })).toBe(1);
    expect(v('issues_overdue', { category: 'configuration', location: 'organisation', priority: 'medium' })).toBe(0);
    expect(v('issues_open', { category: 'workflow', location: 'loc-B', priority: 'low' })).toBe(0);
    // 28d resolved: I4 10 d, I5 34 d, I6 2 d (I7 closed is not a resolution) -> 3, median 10 d.
    expect(v('issues_resolved', { location: 'loc-A', window: '28d' })).toBe(3);
    expect(v('issue_resolution_median_seconds', { location: 'loc-A', window: '28d' })).toBe(10 * DAY);
    // 90d adds I8 (31 d): 2, 10, 31, 34 -> median (10 + 31) / 2 = 20.5 d.
    expect(v('issues_resolved', { location: 'loc-A', window: '90d' })).toBe(4);
    expect(v('issue_resolution_median_seconds', { location: 'loc-A', window: '90d' })).toBe(20.5 * DAY);
    expect(v('issue_resolution_median_seconds', { location: 'loc-B', window: '90d' })).toBeUndefined();
  });

  it('corrective actions open and overdue', () => {
    // ACT2 org-wide configuration, due 11-01, open -> overdue. ACT3 loc-B coaching due 12-01. ACT5 loc-A no due date.
    expect(v('corrective_actions_open', { kind: 'configuration', location: 'organisation' })).toBe(1);
    expect(v('corrective_actions_overdue', { kind: 'configuration', location: 'organisation' })).toBe(1);
    expect(v('corrective_actions_open', { kind: 'coaching', location: 'loc-B' })).toBe(1);
    expect(v('corrective_actions_overdue', { kind: 'coaching', location: 'loc-B' })).toBe(0);
    expect(v('corrective_actions_open', { kind: 'supervision', location: 'loc-A' })).toBe(1);
    // ACT1 and ACT4 are completed.
    expect(v('corrective_actions_open', { kind: 'refresher_training', location: 'loc-A' })).toBe(0);
    expect(v('corrective_actions_open', { kind: 'guidance', location: 'loc-A' })).toBe(0);
  });

  it('governance review age and overdue per the location phase', () => {
    // loc-A (weekly): latest of R1 11-10 and org R2 11-14 12:00 (R5 at now is not counted) -> 11 days > 7: overdue.
    expect(v('governance_review_age_seconds', { location: 'loc-A' })).toBe(11 * DAY);
    expect(v('governance_review_due_seconds', { location: 'loc-A' })).toBe(7 * DAY);
    expect(v('governance_review_overdue', { location: 'loc-A' })).toBe(1);
    // loc-B (monthly): R3 11-20 12:00 -> 5 days <= 31: not overdue.
    expect(v('governance_review_age_seconds', { location: 'loc-B' })).toBe(5 * DAY);
    expect(v('governance_review_due_seconds', { location: 'loc-B' })).toBe(31 * DAY);
    expect(v('governance_review_overdue', { location: 'loc-B' })).toBe(0);
    // loc-C went live 11-20 (00:00 GMT), after the org review of 11-14: age from go-live = 5.5 days.
    expect(v('governance_review_age_seconds', { location: 'loc-C' })).toBe(5.5 * DAY);
    expect(v('governance_review_overdue', { location: 'loc-C' })).toBe(0);
    // Reviews in 28d covering loc-A: R1 + R2 = 2; loc-B: R3 + R2 = 2 (R4 is July).
    expect(v('governance_reviews', { location: 'loc-A', window: '28d' })).toBe(2);
    expect(v('governance_reviews', { location: 'loc-B', window: '90d' })).toBe(2);
    expect(v('governance_store_present', {})).toBe(1);
    expect(v('governance_store_state', { state: 'ready' })).toBe(1);
    expect(v('governance_store_state', { state: 'no_permission' })).toBe(0);
  });

  it('publishes no review due or overdue for a location whose phase is unknown', async () => {
    const without = await refreshGovernance(db, { now: NOW, locations: LOCATIONS, phases: new Map() });
    expect(valueOf(without, 'ecm_adoption_governance_review_age_seconds', { location: 'loc-A' })).toBe(11 * DAY);
    expect(valueOf(without, 'ecm_adoption_governance_review_overdue', { location: 'loc-A' })).toBeUndefined();
  });
});

describe.each(databaseTargets())('governance store absent on $name', (target) => {
  it('publishes only the store state (not_migrated) and governance_store_present 0, no error', async () => {
    const db = await target.create();
    try {
      const families = await refreshGovernance(db, { now: NOW, locations: LOCATIONS, phases: PHASES });
      expect(families.map((family) => family.definition.name)).toEqual(['ecm_adoption_governance_store_present', 'ecm_adoption_governance_store_state']);
      expect(valueOf(families, 'ecm_adoption_governance_store_present', {})).toBe(0);
      expect(['ready', 'not_migrated', 'no_permission'].map((state) => valueOf(families, 'ecm_adoption_governance_store_state', { state }))).toEqual([0, 1, 0]);
    } finally {
      await db.close();
    }
  });
});

describe('phasesFromFamilies', () => {
  it('reads the phase with value 1 per location', () => {
    const phases = phasesFromFamilies([
      {
        definition: GOVERNANCE_PHASE,
        samples: [
          { labels: { location: 'x', phase: 'weekly' }, value: 0 },
          { labels: { location: 'x', phase: 'monthly' }, value: 1 },
          { labels: { location: 'y', phase: 'weekly' }, value: 1 },
        ],
      },
    ]);
    expect([...phases]).toEqual([
      ['x', 'monthly'],
      ['y', 'weekly'],
    ]);
  });
});
