import { describe, expect, it } from 'vitest';

import { phase, promFrame, ratio, threshold } from '../fixtures/frames';
import { DEFAULT_OPTIONS } from '../types';
import { buildAdoptionModel } from './buildModel';

// The dashboards' two answers for one series: weekly points (Thursdays 00:00 UTC, each carrying
// the 7d window that closes its week) under refId ratio_weekly, and the newest value from an
// instant query (one row) under refId ratio. Weeks of Nov 2026 in London are GMT.
const NOW = Date.parse('2026-11-25T09:00:00Z'); // Wednesday, week of 23 Nov
const weekly = promFrame(
  'ecm_adoption_indicator_ratio',
  { indicator: 'task_on_time', location: 'Rosewood', window: '7d' },
  [
    ['2026-11-05T00:00:00Z', 0.72], // week of 2 Nov
    ['2026-11-12T00:00:00Z', 0.81], // week of 9 Nov
    ['2026-11-19T00:00:00Z', 0.84], // week of 16 Nov
  ],
  { refId: 'ratio_weekly' }
);
const frames = [
  weekly,
  ratio('task_on_time', 'Rosewood', '7d', [[NOW, 0.9]]),
  threshold('task_on_time', 'Rosewood', 'target', [[NOW, 0.8]]),
  threshold('task_on_time', 'Rosewood', 'critical', [[NOW, 0.6]]),
  phase('Rosewood', 'weekly', [[NOW, 1]]),
];

describe('instant and weekly answers of the same series', () => {
  const model = buildAdoptionModel({
    frames,
    options: { ...DEFAULT_OPTIONS, period: 'weekly' },
    timeRange: { from: Date.parse('2026-11-02T00:00:00Z'), to: NOW },
  });
  const cell = model.locations[0]?.cells[0];

  it('merge into one series: a point per week, then the current value', () => {
    expect(model.blocking).toBeNull();
    expect(model.locations).toHaveLength(1);
    expect(cell?.periods.map((p) => [p.label, p.value, p.complete])).toEqual([
      ['w/c 2 Nov', 0.72, true],
      ['w/c 9 Nov', 0.81, true],
      ['w/c 16 Nov', 0.84, true],
      ['w/c 23 Nov', 0.9, false],
    ]);
  });

  it('reads the scorecard value from the instant answer and compares it with last week', () => {
    expect(cell?.value).toBe(0.9);
    // 0.90 - 0.84 (week of 16 Nov).
    expect(cell?.change).toBeCloseTo(0.06, 10);
    // Only the instant threshold sample exists; every week is judged on it: 0.81 and 0.84 >= 0.8, 0.72 < 0.8.
    expect(cell?.periods.map((p) => p.rag)).toEqual(['amber', 'green', 'green', 'green']);
    expect(cell?.periodsOnTarget).toBe(2);
  });
});
