/**
 * Everything of the indicator domain that configuration can change. The runtime's
 * config module validates the YAML/env into this shape once (starting from
 * DEFAULT_INDICATOR_SETTINGS) and passes the frozen result to every query unit and
 * to assembleFamilies; nothing else reads config.
 */
import { INDICATORS } from './index.ts';
import type { GovernancePhase, IndicatorThresholds } from './types.ts';

export type { Direction, GovernancePhase, IndicatorThresholds, PhaseThresholds } from './types.ts';

export const ALERT_SEVERITIES = Object.freeze(['low', 'medium', 'high', 'critical'] as const);
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export interface TaskTolerance {
  /** Minutes after due_at a task may be completed and still be on time, for any category not listed below. */
  defaultMinutes: number;
  /** Per task category (ecm.tasks.category), e.g. { medication: 30 }. */
  byCategory: Readonly<Record<string, number>>;
}

export interface IndicatorSettings {
  taskTolerance: TaskTolerance;
  /** Seconds after raised_at an alert must be acknowledged, per severity. */
  alertAckTargetSeconds: Readonly<Record<AlertSeverity, number>>;
  /** A note recorded more than this many minutes after occurred_at is late (negative delay is on time). */
  noteLateMinutes: number;
  /** Windows whose denominator is below this are suppressed (no ratio, status, numerator or denominator). */
  minCohort: number;
  /** Per indicator name, thresholds per governance phase. Must hold every indicator of INDICATORS. */
  thresholds: Readonly<Record<string, IndicatorThresholds>>;
  /** N: consecutive complete calendar weeks with every core indicator on target before moving to monthly. */
  weeksOnTargetForMonthly: number;
  /** A location only moves to monthly once this many weeks have passed since go-live. */
  minWeeksSinceGoLiveForMonthly: number;
  /** location_id -> phase, overriding the computed phase for that location. */
  phasePins: Readonly<Record<string, GovernancePhase>>;
  /** Indicator names that decide the governance phase and weeks on target. */
  coreIndicators: readonly string[];
  /** Shifts in progress that started more than this many minutes ago with no digital activity are counted live. */
  shiftWithoutActivityMinutes: number;
  /**
   * The live gauges (unacknowledged alerts, overdue tasks, shifts without activity)
   * look back this many hours: older loose ends are history, judged by the windowed indicators.
   */
  liveLookbackHours: number;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** The documented defaults (docs/indicators.md). Frozen: copy before changing. */
export const DEFAULT_INDICATOR_SETTINGS: IndicatorSettings = deepFreeze({
  taskTolerance: { defaultMinutes: 60, byCategory: { medication: 30 } },
  alertAckTargetSeconds: { critical: 180, high: 300, medium: 900, low: 3600 },
  noteLateMinutes: 120,
  minCohort: 5,
  thresholds: Object.fromEntries(INDICATORS.map((indicator) => [indicator.name, structuredClone(indicator.defaultThresholds)])),
  weeksOnTargetForMonthly: 4,
  minWeeksSinceGoLiveForMonthly: 8,
  phasePins: {},
  coreIndicators: INDICATORS.map((indicator) => indicator.name),
  shiftWithoutActivityMinutes: 120,
  liveLookbackHours: 24,
});

export interface SettingsProblem {
  /** Dotted path inside the indicator settings, e.g. `thresholds.task_on_time.weekly.target`. */
  path: string;
  message: string;
}

/**
 * Meaning checks the shape alone cannot express (the config module runs this after
 * its zod pass and reports every problem with its path): every indicator has
 * thresholds, ratios in 0..1, target on the right side of critical, known core names.
 */
export function indicatorSettingsProblems(settings: IndicatorSettings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const known = new Set(INDICATORS.map((indicator) => indicator.name));
  for (const name of Object.keys(settings.thresholds)) {
    if (!known.has(name)) problems.push({ path: `thresholds.${name}`, message: `unknown indicator "${name}" (known: ${[...known].join(', ')})` });
  }
  for (const indicator of INDICATORS) {
    const thresholds = settings.thresholds[indicator.name];
    if (!thresholds) {
      problems.push({ path: `thresholds.${indicator.name}`, message: 'missing thresholds' });
      continue;
    }
    for (const phase of ['weekly', 'monthly'] as const) {
      const { target, critical } = thresholds[phase];
      const path = `thresholds.${indicator.name}.${phase}`;
      for (const [level, value] of [
        ['target', target],
        ['critical', critical],
      ] as const) {
        if (!(value >= 0 && value <= 1)) problems.push({ path: `${path}.${level}`, message: `must be a ratio between 0 and 1, got ${value}` });
      }
      if (indicator.direction === 'higher_is_better' && target < critical) {
        problems.push({ path, message: `higher_is_better: target (${target}) must be >= critical (${critical})` });
      }
      if (indicator.direction === 'lower_is_better' && target > critical) {
        problems.push({ path, message: `lower_is_better: target (${target}) must be <= critical (${critical})` });
      }
    }
  }
  settings.coreIndicators.forEach((name, index) => {
    if (!known.has(name)) problems.push({ path: `coreIndicators.${index}`, message: `unknown indicator "${name}"` });
  });
  const positive: Array<[string, number]> = [
    ['taskTolerance.defaultMinutes', settings.taskTolerance.defaultMinutes],
    ...Object.entries(settings.taskTolerance.byCategory).map(([category, minutes]): [string, number] => [`taskTolerance.byCategory.${category}`, minutes]),
    ...Object.entries(settings.alertAckTargetSeconds).map(([severity, seconds]): [string, number] => [`alertAckTargetSeconds.${severity}`, seconds]),
    ['noteLateMinutes', settings.noteLateMinutes],
    ['shiftWithoutActivityMinutes', settings.shiftWithoutActivityMinutes],
    ['liveLookbackHours', settings.liveLookbackHours],
  ];
  for (const [path, value] of positive) {
    if (!(Number.isFinite(value) && value >= 0)) problems.push({ path, message: `must be a number >= 0, got ${value}` });
  }
  const counts: Array<[string, number]> = [
    ['minCohort', settings.minCohort],
    ['weeksOnTargetForMonthly', settings.weeksOnTargetForMonthly],
    ['minWeeksSinceGoLiveForMonthly', settings.minWeeksSinceGoLiveForMonthly],
  ];
  for (const [path, value] of counts) {
    if (!(Number.isInteger(value) && value >= 1)) problems.push({ path, message: `must be a whole number >= 1, got ${value}` });
  }
  return problems;
}
