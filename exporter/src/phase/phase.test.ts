import { describe, expect, it } from 'vitest';
import { addDays } from '../engine/domain-time.ts';
import { governancePhase, governanceTimeline, judgeWeek, type PhaseRules, type WeekCounts } from './phase.ts';

// Two core indicators keep the arithmetic visible: coverage (higher is better,
// weekly 0.9/0.75, monthly 0.95/0.85) and duplication (lower is better, weekly
// 0.1/0.25, monthly 0.05/0.15).
const rules: PhaseRules = {
  core: [
    { name: 'coverage', direction: 'higher_is_better', thresholds: { weekly: { target: 0.9, critical: 0.75 }, monthly: { target: 0.95, critical: 0.85 } } },
    { name: 'duplication', direction: 'lower_is_better', thresholds: { weekly: { target: 0.1, critical: 0.25 }, monthly: { target: 0.05, critical: 0.15 } } },
  ],
  minCohort: 5,
  weeksOnTargetForMonthly: 4,
  minWeeksSinceGoLiveForMonthly: 8,
};

const GO_LIVE = '2026-01-05'; // a Monday, so week k starts on GO_LIVE + 7k

type Counts = [number, number];
const GREEN_WEEK: [Counts, Counts] = [
  [100, 100],
  [0, 100],
]; // 1.0 and 0.0: green in both phases
const AMBER_WEEK: [Counts, Counts] = [
  [80, 100],
  [0, 100],
]; // 0.8: amber weekly (< 0.9, >= 0.75)
const RED_WEEK: [Counts, Counts] = [
  [50, 100],
  [0, 100],
]; // 0.5: red in both phases
const MONTHLY_AMBER: [Counts, Counts] = [
  [92, 100],
  [0, 100],
]; // 0.92: green weekly, amber monthly (< 0.95, >= 0.85)

function history(weeks: Array<[Counts, Counts]>): WeekCounts[] {
  return weeks.map(([coverage, duplication], index) => ({
    monday: addDays(GO_LIVE, 7 * index),
    byIndicator: new Map([
      ['coverage', { numerator: coverage[0], denominator: coverage[1] }],
      ['duplication', { numerator: duplication[0], denominator: duplication[1] }],
    ]),
  }));
}

const repeat = <T>(value: T, times: number): T[] => Array.from({ length: times }, () => value);

describe('governancePhase', () => {
  it('starts weekly at go-live with no complete week', () => {
    expect(governancePhase({ goLiveDate: GO_LIVE, weeks: [] }, rules)).toEqual({ phase: 'weekly', weeksOnTarget: 0 });
  });

  it('4 green weeks are not enough before 8 weeks since go-live', () => {
    // weeks 1-4 green: streak 4, but week 4 ends 28 days after go-live < 56
    expect(governancePhase({ goLiveDate: GO_LIVE, weeks: history(repeat(GREEN_WEEK, 4)) }, rules)).toEqual({ phase: 'weekly', weeksOnTarget: 4 });
  });

  it('moves to monthly after 4 green weeks once 8 weeks have passed', () => {
    // 4 amber weeks (streak 0), then 4 green: week 8 ends 56 days after go-live, streak 4 -> monthly
    const weeks = history([...repeat(AMBER_WEEK, 4), ...repeat(GREEN_WEEK, 4)]);
    expect(governancePhase({ goLiveDate: GO_LIVE, weeks }, rules)).toEqual({ phase: 'monthly', weeksOnTarget: 4 });
    // 7 weeks (3 amber + 4 green) end at day 49 < 56: still weekly
    const early = history([...repeat(AMBER_WEEK, 3), ...repeat(GREEN_WEEK, 4)]);
    expect(governancePhase({ goLiveDate: GO_LIVE, weeks: early }, rules).phase).toBe('weekly');
  });

  it('3 green weeks after an amber week do not move a location after week 8', () => {
    const weeks = history([...repeat(GREEN_WEEK, 6), AMBER_WEEK, ...repeat(GREEN_WEEK, 3)]);
    expect(governancePhase({ goLiveDate: GO_LIVE, weeks }, rules)).toEqual({ phase: 'weekly', weeksOnTarget: 3 });
  });

  it('returns to weekly on a red week, and stays monthly through an amber one', () => {
    const monthly = [...repeat(AMBER_WEEK, 4), ...repeat(GREEN_WEEK, 4)];
    // amber against monthly thresholds (0.92 < 0.95) is not red: stays monthly, streak broken
    expect(governancePhase({ goLiveDate: GO_LIVE, weeks: history([...monthly, MONTHLY_AMBER]) }, rules)).toEqual({ phase: 'monthly', weeksOnTarget: 0 });
    expect(governancePhase({ goLiveDate: GO_LIVE, weeks: history([...monthly, RED_WEEK]) }, rules)).toEqual({ phase: 'weekly', weeksOnTarget: 0 });
    // a red lower_is_better indicator counts too: duplication 20/100 = 0.2 > monthly critical 0.15
    const redDuplication: [Counts, Counts] = [
      [100, 100],
      [20, 100],
    ];
    expect(governancePhase({ goLiveDate: GO_LIVE, weeks: history([...monthly, redDuplication]) }, rules).phase).toBe('weekly');
  });

  it('a pin fixes the phase and its thresholds', () => {
    const weeks = history(repeat(MONTHLY_AMBER, 10));
    // pinned monthly: 0.92 judged against monthly target 0.95 -> amber, never on target
    expect(governancePhase({ goLiveDate: GO_LIVE, weeks, pin: 'monthly' }, rules)).toEqual({ phase: 'monthly', weeksOnTarget: 0 });
    // pinned weekly: all 10 weeks green against weekly 0.9, but the phase never moves
    expect(governancePhase({ goLiveDate: GO_LIVE, weeks, pin: 'weekly' }, rules)).toEqual({ phase: 'weekly', weeksOnTarget: 10 });
    // unpinned, the same history goes monthly at week 8 and then is amber: monthly, streak 0
    expect(governancePhase({ goLiveDate: GO_LIVE, weeks }, rules)).toEqual({ phase: 'monthly', weeksOnTarget: 0 });
  });
});

describe('judgeWeek and suppressed indicators', () => {
  it('a suppressed indicator is not judged: neither breaks nor earns the week', () => {
    const [week] = history([
      [
        [4, 4],
        [0, 100],
      ],
    ]); // coverage 4/4 < cohort 5: only duplication judged (0.0, green)
    expect(week && judgeWeek(week, 'weekly', rules)).toEqual({ onTarget: true, anyRed: false });
    const [redButSmall] = history([
      [
        [0, 4],
        [0, 100],
      ],
    ]); // coverage 0/4 would be red, but is suppressed
    expect(redButSmall && judgeWeek(redButSmall, 'weekly', rules)).toEqual({ onTarget: true, anyRed: false });
  });

  it('a week with every core indicator suppressed is not on target', () => {
    const [empty] = history([
      [
        [0, 0],
        [1, 3],
      ],
    ]);
    expect(empty && judgeWeek(empty, 'weekly', rules)).toEqual({ onTarget: false, anyRed: false });
  });

  it('a missing indicator counts as an empty, suppressed one', () => {
    const week: WeekCounts = { monday: GO_LIVE, byIndicator: new Map([['coverage', { numerator: 9, denominator: 10 }]]) };
    expect(judgeWeek(week, 'weekly', rules)).toEqual({ onTarget: true, anyRed: false });
  });
});

describe('governanceTimeline', () => {
  it('gives the phase in force, the streak and the change of every week', () => {
    // 4 amber, 4 green (week 8 ends on day 56: to monthly), 1 green, 1 red (to weekly), 1 green.
    const weeks = history([...repeat(AMBER_WEEK, 4), ...repeat(GREEN_WEEK, 5), RED_WEEK, GREEN_WEEK]);
    const timeline = governanceTimeline({ goLiveDate: GO_LIVE, weeks }, rules);
    expect(timeline.map((week) => week.phase)).toEqual([...repeat('weekly', 8), 'monthly', 'monthly', 'weekly']);
    expect(timeline.map((week) => week.streak)).toEqual([0, 0, 0, 0, 1, 2, 3, 4, 5, 0, 1]);
    expect(timeline.map((week) => week.change ?? '')).toEqual(['', '', '', '', '', '', '', 'to_monthly', '', 'to_weekly', '']);
    expect(timeline.map((week) => week.phaseAfter).at(-1)).toBe('weekly');
    // the red week (index 9, Monday = go-live + 63 days): coverage 0.5 red, duplication 0.0 green
    expect(timeline[9]?.monday).toBe(addDays(GO_LIVE, 63));
    expect(timeline[9]?.judgement.indicators).toEqual([
      { name: 'coverage', status: 2 },
      { name: 'duplication', status: 0 },
    ]);
  });

  it('marks suppressed indicators per week', () => {
    const [week] = governanceTimeline(
      {
        goLiveDate: GO_LIVE,
        weeks: history([
          [
            [0, 4],
            [0, 100],
          ],
        ]),
      },
      rules,
    );
    expect(week?.judgement.indicators).toEqual([
      { name: 'coverage', status: 'suppressed' },
      { name: 'duplication', status: 0 },
    ]);
  });

  it('governancePhase is the last step of the timeline for every prefix of a history (the two cannot disagree)', () => {
    const weeks = history([...repeat(AMBER_WEEK, 3), ...repeat(GREEN_WEEK, 6), MONTHLY_AMBER, RED_WEEK, ...repeat(GREEN_WEEK, 5)]);
    for (const pin of [undefined, 'weekly', 'monthly'] as const) {
      for (let n = 0; n <= weeks.length; n += 1) {
        const input = { goLiveDate: GO_LIVE, weeks: weeks.slice(0, n), pin };
        const last = governanceTimeline(input, rules).at(-1);
        expect(governancePhase(input, rules)).toEqual(
          last ? { phase: last.phaseAfter, weeksOnTarget: last.streak } : { phase: pin ?? 'weekly', weeksOnTarget: 0 },
        );
      }
    }
  });

  it('a pinned location never changes phase', () => {
    const timeline = governanceTimeline({ goLiveDate: GO_LIVE, weeks: history([...repeat(GREEN_WEEK, 10), RED_WEEK]), pin: 'weekly' }, rules);
    expect(timeline.every((week) => week.phase === 'weekly' && week.change === undefined)).toBe(true);
  });
});
