import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INDICATORS } from '../../src/indicators/index.ts';
import { DEFAULT_INDICATOR_SETTINGS, indicatorSettingsProblems } from '../../src/indicators/settings.ts';
import { buildQueryUnits } from '../../src/engine/domain.ts';

describe('indicator registry', () => {
  it('has the seven indicators of the contract, unique snake_case names, titles and a direction each', () => {
    expect(INDICATORS.map((indicator) => indicator.name)).toEqual([
      'login_coverage',
      'task_completion',
      'task_on_time',
      'note_timeliness',
      'alert_ack_on_time',
      'shift_activity_match',
      'note_duplication',
    ]);
    for (const indicator of INDICATORS) {
      expect(indicator.name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(indicator.title.length).toBeGreaterThan(3);
      expect(indicator.description.length).toBeGreaterThan(40);
    }
    expect(INDICATORS.filter((indicator) => indicator.direction === 'lower_is_better').map((indicator) => indicator.name)).toEqual(['note_duplication']);
  });

  it('every indicator has its own test file (adding one = file + list entry + test)', () => {
    for (const indicator of INDICATORS) {
      const file = new URL(`./${indicator.name.replaceAll('_', '-')}.test.ts`, import.meta.url);
      expect(existsSync(file), `test/indicators/${indicator.name.replaceAll('_', '-')}.test.ts`).toBe(true);
    }
  });

  it('default settings are frozen, complete and consistent; monthly thresholds are at least as strict', () => {
    expect(Object.isFrozen(DEFAULT_INDICATOR_SETTINGS)).toBe(true);
    expect(Object.isFrozen(DEFAULT_INDICATOR_SETTINGS.thresholds)).toBe(true);
    expect(indicatorSettingsProblems(DEFAULT_INDICATOR_SETTINGS)).toEqual([]);
    for (const indicator of INDICATORS) {
      const { weekly, monthly } = DEFAULT_INDICATOR_SETTINGS.thresholds[indicator.name] ?? indicator.defaultThresholds;
      if (indicator.direction === 'higher_is_better') expect(monthly.target).toBeGreaterThanOrEqual(weekly.target);
      else expect(monthly.target).toBeLessThanOrEqual(weekly.target);
    }
  });

  it('reports every meaning problem of settings at once, with its path', () => {
    const problems = indicatorSettingsProblems({
      ...DEFAULT_INDICATOR_SETTINGS,
      minCohort: 0,
      coreIndicators: ['login_coverage', 'logins'],
      thresholds: {
        ...DEFAULT_INDICATOR_SETTINGS.thresholds,
        task_on_time: { weekly: { target: 0.5, critical: 0.7 }, monthly: { target: 1.2, critical: 0.8 } },
        note_duplication: { weekly: { target: 0.3, critical: 0.2 }, monthly: { target: 0.05, critical: 0.15 } },
      },
    });
    expect(problems.map((problem) => problem.path)).toEqual([
      'thresholds.task_on_time.weekly',
      'thresholds.task_on_time.monthly.target',
      'thresholds.note_duplication.weekly',
      'coreIndicators.1',
      'minCohort',
    ]);
  });

  it('query unit names are unique and fit a Prometheus label value', () => {
    const names = buildQueryUnits().map((unit) => unit.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
  });
});
