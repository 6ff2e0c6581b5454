/**
 * The summary sentence builder on small model fixtures: each case states the figures it
 * is built from, and the expected words repeat them.
 */
import { describe, expect, it } from 'vitest';
import type { ActionRow, Findings, GovernanceTimelineView, IndicatorHistory, PeriodValue, PlanIndicator } from '../../src/evidence/model.ts';
import { buildSummary, type SummaryInput } from '../../src/evidence/summary.ts';

const TZ = 'Europe/London';
const DAY = 86_400_000;
const start = Date.parse('2026-01-05T00:00:00Z'); // a Monday, GMT

function indicator(name: string, title: string, direction: PlanIndicator['direction'] = 'higher_is_better'): PlanIndicator {
  return {
    name,
    title,
    direction,
    description: '',
    core: true,
    thresholds: { weekly: { target: 0.85, critical: 0.65 }, monthly: { target: 0.9, critical: 0.75 } },
  };
}

/** Week k (0-based) from 5 Jan 2026 with the given value (undefined = suppressed) and status. */
function week(k: number, value: number | undefined, status?: 0 | 1 | 2, complete = true): PeriodValue {
  const period = {
    start: new Date(start + 7 * k * DAY),
    end: new Date(start + 7 * (k + 1) * DAY),
    kind: 'week' as const,
    phase: 'weekly' as const,
    label: '',
    complete,
    phaseChanged: false,
  };
  const thresholds = { target: 0.85, critical: 0.65 };
  return value === undefined
    ? { period, thresholds }
    : { period, thresholds, numerator: Math.round(value * 100), denominator: 100, value, status: status ?? 0 };
}

const history = (plan: PlanIndicator, values: PeriodValue[]): IndicatorHistory => ({ indicator: plan, values });

const EMPTY_FINDINGS: Findings = {
  storePresent: true,
  issues: [],
  actions: [],
  criteria: [],
  followUps: [],
  confidence: [],
  barriers: { raised: 0, actedOn: 0, responses: 0, suppressed: true },
};

const WEEKLY: GovernanceTimelineView = { goLiveDate: '2026-01-05', weeks: [], changes: [], currentPhase: 'weekly', reviews: [], overdue: [] };

function action(id: string, kind: string, completed: string | null, linked = true): ActionRow {
  return {
    actionId: id,
    organisationWide: false,
    kind,
    linkedIssueId: linked ? 'ISS-1' : null,
    linkedAuditId: null,
    linkedFeedbackTheme: linked ? null : 'theme',
    raisedAt: new Date('2026-01-01T00:00:00Z'),
    dueAt: null,
    completedAt: completed ? new Date(completed) : null,
  };
}

function input(overrides: Partial<SummaryInput>): SummaryInput {
  return { timezone: TZ, indicators: [], timeline: WEEKLY, findings: EMPTY_FINDINGS, starts: new Date(start), ends: new Date(start + 70 * DAY), ...overrides };
}

const notes = indicator('note_timeliness', 'Timely notes');
const tasks = indicator('task_on_time', 'Tasks on time');
const copies = indicator('note_duplication', 'Copied note wording', 'lower_is_better');

describe('buildSummary', () => {
  it('names the largest improvement and the action completed at its largest step', () => {
    // Timely notes 58% (w/c 5 Jan) -> 62% -> 88% -> 91% (w/c 26 Jan): +33 points, largest step
    // 62 -> 88 between w/c 12 Jan and w/c 19 Jan. Refresher training completed Wed 14 Jan lies in
    // [12 Jan, 26 Jan); coaching completed 2 Feb does not; an unlinked action on 15 Jan is passed over.
    const text = buildSummary(
      input({
        indicators: [history(notes, [week(0, 0.58, 2), week(1, 0.62, 2), week(2, 0.88, 0), week(3, 0.91, 0)])],
        findings: {
          ...EMPTY_FINDINGS,
          actions: [
            action('A1', 'refresher_training', '2026-01-14T15:00:00Z'),
            action('A2', 'coaching', '2026-02-02T10:00:00Z'),
            action('A3', 'guidance', '2026-01-15T10:00:00Z', false),
          ],
        },
      }),
    );
    expect(
      text.startsWith(
        'Timely notes rose from 58% in the week of 5 Jan 2026 to 91% in the week of 26 Jan 2026 after refresher training completed on 14 Jan 2026. ',
      ),
    ).toBe(true);
  });

  it('names no action when none was completed around the step, and says "fell" for a decline', () => {
    // Tasks on time 90% -> 70% (-20 points); copied wording 10% -> 12% (+2 points, under 5): tasks win.
    const text = buildSummary(
      input({
        indicators: [history(copies, [week(0, 0.1, 0), week(1, 0.12, 1)]), history(tasks, [week(0, 0.9, 0), week(1, 0.7, 1)])],
        findings: { ...EMPTY_FINDINGS, actions: [action('A1', 'coaching', '2026-01-07T10:00:00Z')] },
      }),
    );
    expect(text.startsWith('Tasks on time fell from 90% in the week of 5 Jan 2026 to 70% in the week of 12 Jan 2026. ')).toBe(true);
  });

  it('for a lower-is-better indicator a fall is the improvement', () => {
    // Copied wording 30% -> 8%: improvement 22 points, the only movement.
    const text = buildSummary(input({ indicators: [history(copies, [week(0, 0.3, 2), week(1, 0.08, 0)])] }));
    expect(text.startsWith('Copied note wording fell from 30% in the week of 5 Jan 2026 to 8% in the week of 12 Jan 2026. ')).toBe(true);
  });

  it('skips suppressed and running periods, says when nothing moved, and lists what is red now', () => {
    // First published complete week: w/c 12 Jan (w/c 5 Jan suppressed); latest: w/c 19 Jan (w/c 26 Jan is running).
    const text = buildSummary(
      input({
        indicators: [
          history(tasks, [week(0, undefined), week(1, 0.6, 2), week(2, 0.62, 2), week(3, 0.99, 0, false)]),
          history(notes, [week(1, 0.5, 2), week(2, 0.52, 2)]),
        ],
      }),
    );
    expect(text).toBe(
      'No indicator moved by 5 points or more between the first and the latest review period. ' +
        'Beyond the critical level in its latest review period (the week of 19 Jan 2026): tasks on time (62%) and timely notes (52%). ' +
        'No whole week has been judged yet: weekly governance since go-live. ' +
        'No adoption issue was open in the period. No corrective action in the period.',
    );
  });

  it('says when no indicator has a published value at all', () => {
    expect(buildSummary(input({ indicators: [history(tasks, [week(0, undefined)])] }))).toContain('No indicator has a published value in this period');
  });

  it('tells the governance phase: monthly since a change, pinned, or no week judged yet', () => {
    const monthly: GovernanceTimelineView = {
      ...WEEKLY,
      currentPhase: 'monthly',
      changes: [{ causeMonday: '2026-02-23', effectiveFrom: '2026-03-02', to: 'monthly', streak: 4, redIndicators: [] }],
    };
    expect(buildSummary(input({ timeline: monthly }))).toContain('Monthly governance since 2 Mar 2026 (4 weeks on target).');
    expect(buildSummary(input({ timeline: { ...WEEKLY, pinned: 'monthly', currentPhase: 'monthly' } }))).toContain(
      'Governance is set to monthly by configuration.',
    );
    expect(buildSummary(input({}))).toContain('No whole week has been judged yet: weekly governance since go-live.');
    const judged = {
      ...WEEKLY,
      weeks: [
        {
          monday: '2026-01-05',
          phase: 'weekly' as const,
          judgement: { onTarget: false, anyRed: false, indicators: [] },
          streak: 0,
          phaseAfter: 'weekly' as const,
        },
      ],
    };
    expect(buildSummary(input({ timeline: judged }))).toContain(
      'Weekly governance throughout: the location has not yet met every target for long enough to move to monthly.',
    );
  });

  it('says honestly when the governance store is missing', () => {
    const text = buildSummary(input({ findings: { ...EMPTY_FINDINGS, storePresent: false } }));
    expect(text).toContain('No governance records are available: the governance store (schema adoption) has not been set up.');
    expect(text).not.toContain('adoption issues raised');
  });
});
