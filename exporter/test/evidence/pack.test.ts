/**
 * The evidence pack of the hand-built home in ./fixture.ts, on PGlite and PostgreSQL:
 * every figure below is worked out by hand in the fixture's comments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/types.ts';
import { migrateReferenceSchema } from '../../src/migrate.ts';
import { generateEvidence } from '../../src/evidence/generate.ts';
import type { EvidencePack, LocationEvidence } from '../../src/evidence/model.ts';
import { renderEvidenceHtml } from '../../src/evidence/render/document.ts';
import { databaseTargets } from '../support/databases.ts';
import { insertEcmFixture, insertGovernanceFixture, NOW, SETTINGS } from './fixture.ts';

type Evidence = Extract<LocationEvidence, { kind: 'evidence' }>;

function only(pack: EvidencePack): Evidence {
  const [evidence] = pack.locations;
  if (evidence?.kind !== 'evidence') throw new Error(`expected evidence, got ${JSON.stringify(evidence)}`);
  return evidence;
}

const context = (db: Db) => ({
  ecm: db,
  governance: db,
  settings: SETTINGS,
  statementTimeoutMs: 10_000,
  now: NOW,
  version: '9.9.9',
  ecmSource: 'postgres://reader@db:5432/ecm',
  governanceSource: 'same',
});

describe.each(databaseTargets())('evidence pack of the fixture home ($name)', (target) => {
  let db: Db;
  let pack: EvidencePack;
  let html: string;
  beforeAll(async () => {
    db = await target.create();
    await migrateReferenceSchema(db);
    await insertEcmFixture(db);
    await insertGovernanceFixture(db);
    pack = await generateEvidence(context(db), { scope: { kind: 'location', locationId: 'home' } });
    html = renderEvidenceHtml(pack, SETTINGS);
  });
  afterAll(async () => {
    await db.close();
  });

  it('cuts the review periods by the panel rule: weeks while weekly, calendar months while monthly', () => {
    const { periods } = only(pack);
    expect(periods.map((p) => [p.label, p.kind, p.phase, p.complete])).toEqual([
      ['w/c 5 Jan', 'week', 'weekly', true],
      ['w/c 12 Jan', 'week', 'weekly', true],
      ['w/c 19 Jan', 'week', 'weekly', true],
      ['Jan 2026', 'month', 'monthly', true],
      ['Feb 2026', 'month', 'monthly', true],
      ['w/c 23 Feb', 'week', 'weekly', true],
      ['w/c 2 Mar', 'week', 'weekly', false],
    ]);
    // The monthly run 26 Jan - 23 Feb is cut at 1 Feb; the running week ends now.
    expect(periods[3]?.start.toISOString()).toBe('2026-01-26T00:00:00.000Z');
    expect(periods[4]?.start.toISOString()).toBe('2026-02-01T00:00:00.000Z');
    expect(periods[4]?.end.toISOString()).toBe('2026-02-23T00:00:00.000Z');
    expect(periods[6]?.end.toISOString()).toBe(NOW.toISOString());
  });

  it('replays the governance rule week by week', () => {
    const { timeline } = only(pack);
    expect(timeline.weeks.map((w) => [w.monday, w.phase, w.streak, w.change ?? ''])).toEqual([
      ['2026-01-05', 'weekly', 0, ''],
      ['2026-01-12', 'weekly', 1, ''],
      ['2026-01-19', 'weekly', 2, 'to_monthly'],
      ['2026-01-26', 'monthly', 3, ''],
      ['2026-02-02', 'monthly', 0, ''],
      ['2026-02-09', 'monthly', 0, ''],
      ['2026-02-16', 'monthly', 0, 'to_weekly'],
      ['2026-02-23', 'weekly', 1, ''],
    ]);
    expect(timeline.weeks[5]?.judgement.indicators).toEqual([{ name: 'task_on_time', status: 'suppressed' }]);
    expect(timeline.changes).toEqual([
      { causeMonday: '2026-01-19', effectiveFrom: '2026-01-26', to: 'monthly', streak: 2, redIndicators: [] },
      { causeMonday: '2026-02-16', effectiveFrom: '2026-02-23', to: 'weekly', streak: 0, redIndicators: ['task_on_time'] },
    ]);
    expect(timeline.currentPhase).toBe('weekly');
  });

  it('gives task_on_time a value and RAG per period against the phase in force', () => {
    const history = only(pack).indicators.find((h) => h.indicator.name === 'task_on_time');
    expect(history?.values.map((v) => [v.numerator, v.denominator, v.status, v.thresholds.target])).toEqual([
      [5, 10, 2, 0.85],
      [9, 10, 0, 0.85],
      [10, 10, 0, 0.85],
      [10, 10, 0, 0.9],
      [17, 24, 2, 0.9], // 17/24 = 70.8% < 75% monthly critical
      [10, 10, 0, 0.85],
      [6, 6, 0, 0.85],
    ]);
    // No rows for the other indicators: suppressed in every period, never a value.
    const coverage = only(pack).indicators.find((h) => h.indicator.name === 'login_coverage');
    expect(coverage?.values.every((v) => v.value === undefined)).toBe(true);
  });

  it('counts reviews held against reviews due and the overdue stretches', () => {
    const { timeline } = only(pack);
    expect(timeline.reviews.map((r) => [r.label, r.held, r.complete])).toEqual([
      ['w/c 5 Jan', 1, true],
      ['w/c 12 Jan', 1, true],
      ['w/c 19 Jan', 0, true],
      ['Jan 2026', 1, true],
      ['Feb 2026', 1, true],
      ['w/c 23 Feb', 0, true],
      ['w/c 2 Mar', 1, false],
    ]);
    expect(timeline.overdue.map((s) => [s.from.toISOString(), s.to.toISOString(), s.open])).toEqual([
      ['2026-01-21T10:00:00.000Z', '2026-01-26T00:00:00.000Z', false],
      ['2026-02-25T10:00:00.000Z', '2026-03-03T10:00:00.000Z', false],
    ]);
  });

  it('lists what was found and what was done', () => {
    const { findings } = only(pack);
    expect(findings.issues.map((i) => [i.issueId, i.organisationWide, i.recordedBy])).toEqual([
      ['ISS-1', false, 'import'],
      ['ISS-ORG', true, 'import'],
      ['alert:0123456789abcdef', false, 'alert_receiver'],
      ['ISS-2', false, 'import'],
    ]);
    expect(findings.actions.map((a) => [a.actionId, a.followUp ?? null])).toEqual([
      ['ACT-1', null],
      ['ACT-2', { auditId: 'AUD-1-FU', before: 2, after: 4 }],
      ['ACT-3', null],
    ]);
    expect(findings.criteria).toEqual([
      { criterion: 'complete', first: { audited: 5, passed: 4 }, followUp: { audited: 1 } },
      { criterion: 'person_specific', first: { audited: 5, passed: 3 }, followUp: { audited: 1 } },
      { criterion: 'timely', first: { audited: 5, passed: 3 }, followUp: { audited: 1 } },
      { criterion: 'correct_section', first: { audited: 5, passed: 5 }, followUp: { audited: 1 } },
    ]);
    expect(findings.followUps.map((f) => [f.auditId, f.followUpOf, f.before, f.after])).toEqual([['AUD-1-FU', 'AUD-1', 2, 4]]);
    expect(findings.confidence).toEqual([
      { month: '2026-01', responses: 2 },
      { month: '2026-02', responses: 5, mean: 3.2, barriers: { training: 1, configuration: 0, local_practice: 1 } },
    ]);
    expect(findings.barriers).toEqual({ responses: 7, suppressed: false, raised: 2, actedOn: 1 });
  });

  it('says it in one paragraph, every figure from the data', () => {
    expect(only(pack).summary).toBe(
      'Tasks on time rose from 50% in the week of 5 Jan 2026 to 100% in the week of 23 Feb 2026 after refresher training completed on 9 Jan 2026. ' +
        'Back to weekly governance since 23 Feb 2026, after task on time was red in the week of 16 Feb 2026. ' +
        'A governance review was held in 4 of 6 review periods; reviews were overdue 2 times, the longest for 6 days. ' +
        '4 adoption issues raised and 3 resolved (median 6 days to resolve); 1 open at the end, 1 of them overdue. ' +
        '2 corrective actions completed; 1 of 1 follow-up audit improved on the audit it re-checked.',
    );
  });

  it('renders every section with the numbers, RAG in words, and the provenance', () => {
    for (const heading of ['1. Adoption monitoring plan', '2. Governance timeline', '3. Indicators per review period', '4. What was found and what was done']) {
      expect(html).toContain(`<h2>${heading}</h2>`);
    }
    expect(html).toContain('<td class="num">17 / 24</td>');
    expect(html).toContain('<td class="num">71%</td>');
    expect(html).toContain('✕ Critical');
    expect(html).toContain('Suppressed: fewer than 5 items');
    expect(html).toContain('<strong>Monthly to weekly</strong> from 23 Feb 2026, caused by the week of 16 Feb 2026: task on time beyond critical.');
    expect(html).toContain(
      '<strong>Weekly to monthly</strong> from 26 Jan 2026, caused by the week of 19 Jan 2026: 2 consecutive weeks with every core indicator on target.',
    );
    expect(html).toContain('alert receiver: EcmIndicatorRed, task on time');
    expect(html).toContain('<code>AUD-1-FU</code>: 2 → 4 of 4 criteria, <strong>improved</strong>');
    expect(html).toContain('80% (4 of 5)');
    expect(html).toContain('suppressed (1 audited, fewer than 5)');
    expect(html).toContain('Barriers acted on: 1 of 2 barriers raised');
    expect(html).toContain('ecm-adoption-exporter 9.9.9');
    expect(html).toMatch(/sha256:[0-9a-f]{64}/);
    expect(html).toContain('fewer than 5 items');
    // One chart per indicator, each with a point per review period.
    expect(html.match(/<svg id="chart-home-\d+"[^>]*data-points="7"/g)?.length).toBe(7);
    // Free text of the logs (summaries, decisions) is never shown.
    expect(html).not.toContain('Tasks recorded late');
    expect(html).not.toContain('task_on_time is red at home');
  });

  it('is self-contained: no script, no external reference, a CSP that forbids fetching', () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:;`);
    expect(html).not.toMatch(/<script|<link|<img|@import|url\((?!#)/i);
    expect(html).not.toMatch(/(?:src|href)="(?!#)/);
  });
});
