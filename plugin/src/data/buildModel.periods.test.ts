import { describe, expect, it } from 'vitest';

import { phase, ratio, threshold, type Sample } from '../fixtures/frames';
import { DEFAULT_OPTIONS, type AdoptionPanelOptions } from '../types';
import { buildAdoptionModel } from './buildModel';

const iso = (t: number) => new Date(t).toISOString();
const DAY = 86_400_000;

/** Daily samples at 12:00 UTC from 28 Sep to 15 Nov 2026 (49 days), value chosen per day. */
function days(valueOn: (day: string) => number): Sample[] {
  const first = Date.parse('2026-09-28T12:00:00Z');
  return Array.from({ length: 49 }, (_, d): Sample => {
    const t = first + d * DAY;
    return [t, valueOn(iso(t).slice(0, 10))];
  });
}

// Phase: weekly until Sun 18 Oct, monthly from the Mon 19 Oct 12:00 UTC sample on.
const isMonthly = (day: string) => day >= '2026-10-19';
// 7d ratio per calendar week (last sample of each week is what the period shows).
const sevenDay = (day: string) =>
  day <= '2026-10-04' ? 0.82 : day <= '2026-10-11' ? 0.85 : day <= '2026-10-18' ? 0.79 : 0.95;
// 28d ratio: 0.5 before the switch, 0.91 for the rest of October, 0.88 in November.
const twentyEightDay = (day: string) => (day < '2026-10-19' ? 0.5 : day < '2026-11-01' ? 0.91 : 0.88);

const frames = [
  phase(
    'Rosewood',
    'weekly',
    days((d) => (isMonthly(d) ? 0 : 1))
  ),
  phase(
    'Rosewood',
    'monthly',
    days((d) => (isMonthly(d) ? 1 : 0))
  ),
  threshold(
    'task_on_time',
    'Rosewood',
    'target',
    days((d) => (isMonthly(d) ? 0.9 : 0.8))
  ),
  threshold(
    'task_on_time',
    'Rosewood',
    'critical',
    days((d) => (isMonthly(d) ? 0.7 : 0.6))
  ),
  ratio('task_on_time', 'Rosewood', '7d', days(sevenDay)),
  ratio('task_on_time', 'Rosewood', '28d', days(twentyEightDay)),
];
const timeRange = { from: Date.parse('2026-09-28T00:00:00Z'), to: Date.parse('2026-11-15T12:00:00Z') };

function cell(options: Partial<AdoptionPanelOptions>) {
  const model = buildAdoptionModel({ frames, options: { ...DEFAULT_OPTIONS, ...options }, timeRange });
  expect(model.blocking).toBeNull();
  const found = model.locations[0]?.cells[0];
  if (!found) {
    throw new Error('no cell');
  }
  return found;
}

describe('review periods follow the governance phase', () => {
  it('auto: calendar weeks while weekly, calendar months once monthly, band steps at the switch', () => {
    const c = cell({ period: 'auto' });
    // Weeks in London: w/c 28 Sep, 5 Oct, 12 Oct (weekly, mid-week phase = weekly); the week of
    // 19 Oct is mid-week monthly, so the monthly run starts Mon 19 Oct 00:00 BST = 18 Oct 23:00 UTC
    // and is cut at 1 Nov 00:00 GMT: a partial October, then November.
    expect(c.periods.map((p) => p.label)).toEqual(['w/c 28 Sep', 'w/c 5 Oct', 'w/c 12 Oct', 'Oct 2026', 'Nov 2026']);
    expect(c.periods.map((p) => iso(p.start))).toEqual([
      '2026-09-27T23:00:00.000Z',
      '2026-10-04T23:00:00.000Z',
      '2026-10-11T23:00:00.000Z',
      '2026-10-18T23:00:00.000Z',
      '2026-11-01T00:00:00.000Z',
    ]);
    // Weeks show the last 7d sample of the week, months the last 28d sample of the month.
    expect(c.periods.map((p) => p.value)).toEqual([0.82, 0.85, 0.79, 0.91, 0.88]);
    expect(c.periods.map((p) => p.band)).toEqual([
      { target: 0.8, critical: 0.6 },
      { target: 0.8, critical: 0.6 },
      { target: 0.8, critical: 0.6 },
      { target: 0.9, critical: 0.7 },
      { target: 0.9, critical: 0.7 },
    ]);
    // 0.82,0.85 >= 0.8 green; 0.79 < 0.8 amber; 0.91 >= 0.9 green; 0.88 < 0.9 (>= 0.7) amber.
    expect(c.periods.map((p) => p.rag)).toEqual(['green', 'green', 'amber', 'green', 'amber']);
    expect(c.periods.map((p) => p.phaseChanged)).toEqual([false, false, false, true, false]);
    // now = 15 Nov: November is not complete; counting back over complete periods: Oct green, then amber.
    expect(c.periods.map((p) => p.complete)).toEqual([true, true, true, true, false]);
    expect(c.periodsOnTarget).toBe(1);
  });

  it('auto window: a monthly location is judged on 28d, change against the previous period', () => {
    const c = cell({});
    expect(c.window).toBe('28d');
    expect(c.value).toBe(0.88);
    expect(c.band).toEqual({ target: 0.9, critical: 0.7 });
    expect(c.rag).toBe('amber');
    // 0.88 (latest, in November) - 0.91 (October) = -0.03: worse for a higher-is-better indicator.
    expect(c.change).toBeCloseTo(-0.03, 10);
    expect(c.changeIsBetter).toBe(false);
  });

  it('weekly forced: every period a calendar week, the 169-hour week included', () => {
    const c = cell({ period: 'weekly' });
    expect(c.periods).toHaveLength(7); // w/c 28 Sep, 5, 12, 19, 26 Oct, 2, 9 Nov
    const clockChange = c.periods[3];
    expect(clockChange?.label).toBe('w/c 19 Oct');
    expect(((clockChange?.end ?? 0) - (clockChange?.start ?? 0)) / 3_600_000).toBe(169);
    // From w/c 19 Oct the 7d series reads 0.95 and the band is the monthly one.
    expect(clockChange?.value).toBe(0.95);
    expect(clockChange?.band).toEqual({ target: 0.9, critical: 0.7 });
    expect(c.periods.map((p) => p.phaseChanged)).toEqual([false, false, false, true, false, false, false]);
    // Complete weeks: 28 Sep g, 5 Oct g, 12 Oct a, 19 Oct g, 26 Oct g, 2 Nov g; 9 Nov incomplete -> 3 on target.
    expect(c.periodsOnTarget).toBe(3);
  });

  it('monthly forced: months cut at local midnight, a 00:30 BST sample counts for October', () => {
    const withEdge = [
      ...frames.filter((f) => f.refId !== 'ratio'),
      ratio('task_on_time', 'Rosewood', '28d', [
        ['2026-09-30T22:30:00Z', 0.61], // 23:30 BST on 30 Sep: September
        ['2026-09-30T23:30:00Z', 0.62], // 00:30 BST on 1 Oct: October, though UTC says September
      ]),
    ];
    const model = buildAdoptionModel({
      frames: withEdge,
      options: { ...DEFAULT_OPTIONS, period: 'monthly' },
      timeRange: { from: Date.parse('2026-09-15T00:00:00Z'), to: Date.parse('2026-10-20T00:00:00Z') },
    });
    const periods = model.locations[0]?.cells[0]?.periods ?? [];
    expect(periods.map((p) => [p.label, p.value])).toEqual([
      ['Sep 2026', 0.61],
      ['Oct 2026', 0.62],
    ]);
  });
});
