/**
 * The collector every indicator file is built with: the families one indicator publishes
 * from hand-built counts, and what is left when its pass failed. Pure: no database.
 */
import { describe, expect, it } from 'vitest';
import { PASSES } from '../../src/engine/incremental/engine.ts';
import type { IndicatorCounts } from '../../src/engine/incremental/results.ts';
import type { LocationInfo, MetricFamily } from '../../src/engine/types.ts';
import { INDICATORS } from '../../src/indicators/index.ts';
import { DEFAULT_INDICATOR_SETTINGS } from '../../src/indicators/settings.ts';
import { taskOnTime } from '../../src/indicators/task-on-time.ts';
import type { IndicatorContext } from '../../src/indicators/types.ts';
import { HOME } from '../support/fixtures.ts';

const OTHER: LocationInfo = { ...HOME, locationId: 'other' };
const UNPHASED: LocationInfo = { ...HOME, locationId: 'unphased' };

// task_on_time (title 'Tasks on time', shared/indicators.ts) is higher_is_better with the default thresholds weekly 0.85/0.65, monthly 0.9/0.75; minCohort 5.
const context: IndicatorContext = {
  locations: [HOME, OTHER, UNPHASED],
  settings: DEFAULT_INDICATOR_SETTINGS,
  phases: new Map([
    ['home', 'weekly'],
    ['other', 'monthly'],
  ]),
};

const counts: IndicatorCounts = {
  rolling: [
    { locationId: 'home', window: '7d', numerator: 8, denominator: 10 }, // 0.8: amber against weekly 0.85/0.65
    { locationId: 'home', window: '28d', numerator: 4, denominator: 4 }, // 4 < 5: suppressed
    { locationId: 'other', window: '7d', numerator: 6, denominator: 10 }, // monthly judges 28d: no status for 7d
    { locationId: 'other', window: '28d', numerator: 18, denominator: 20 }, // 0.9: green against monthly 0.9/0.75
    { locationId: 'unphased', window: '7d', numerator: 5, denominator: 5 }, // no phase: ratio, but no status
    { locationId: 'gone', window: '7d', numerator: 9, denominator: 9 }, // not a known location: left out
  ],
  weekly: [],
};

const byName = (families: MetricFamily[]) =>
  Object.fromEntries(
    families.map((family) => [
      family.definition.name.replace('ecm_adoption_indicator_', ''),
      family.samples.map((sample) => `${Object.values(sample.labels).join(' ')} = ${sample.value}`),
    ]),
  );

describe('indicatorCollector', () => {
  it('publishes ratio, counts and suppression per window, status for the window of the phase, thresholds of the phase', () => {
    expect(byName(taskOnTime.publish(counts, context))).toEqual({
      info: ['task_on_time Tasks on time higher_is_better = 1'],
      ratio: ['task_on_time home 7d = 0.8', 'task_on_time other 7d = 0.6', 'task_on_time other 28d = 0.9', 'task_on_time unphased 7d = 1'],
      numerator: ['task_on_time home 7d = 8', 'task_on_time other 7d = 6', 'task_on_time other 28d = 18', 'task_on_time unphased 7d = 5'],
      denominator: ['task_on_time home 7d = 10', 'task_on_time other 7d = 10', 'task_on_time other 28d = 20', 'task_on_time unphased 7d = 5'],
      suppressed: [
        'task_on_time home 7d = 0',
        'task_on_time home 28d = 1',
        'task_on_time other 7d = 0',
        'task_on_time other 28d = 0',
        'task_on_time unphased 7d = 0',
      ],
      status: ['task_on_time home 7d = 1', 'task_on_time other 28d = 0'],
      threshold_ratio: [
        'task_on_time home target = 0.85',
        'task_on_time home critical = 0.65',
        'task_on_time other target = 0.9',
        'task_on_time other critical = 0.75',
      ],
    });
  });

  it('publishes only info and thresholds when its pass failed: no zeros, no status', () => {
    const families = byName(taskOnTime.publish(undefined, context));
    expect(families.info).toHaveLength(1);
    expect(families.threshold_ratio).toHaveLength(4);
    for (const name of ['ratio', 'numerator', 'denominator', 'suppressed', 'status']) expect(families[name], name).toEqual([]);
  });

  it('every indicator reads one of the engine passes', () => {
    const passes = new Set(PASSES.map((pass) => pass.name));
    expect(INDICATORS.filter((indicator) => !passes.has(indicator.partial.pass)).map((indicator) => indicator.name)).toEqual([]);
  });
});
