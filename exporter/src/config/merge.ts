/**
 * Lays the user's (shape-checked, partial) indicator settings over the domain's
 * defaults. Maps merge key by key, so a file can change one threshold or one
 * category tolerance without restating the rest; lists (coreIndicators) replace.
 */
import type { IndicatorSettings, IndicatorThresholds, PhaseThresholds } from '../indicators/settings.ts';
import type { IndicatorSettingsInput } from './schema.ts';

type PartialPhase = Partial<PhaseThresholds> | undefined;

// An indicator the defaults do not know has no thresholds to fall back on; NaN
// makes the meaning pass report it (as unknown) instead of inventing values.
const UNKNOWN: PhaseThresholds = Object.freeze({ target: Number.NaN, critical: Number.NaN });

function phase(base: PhaseThresholds | undefined, input: PartialPhase): PhaseThresholds {
  const from = base ?? UNKNOWN;
  return { target: input?.target ?? from.target, critical: input?.critical ?? from.critical };
}

export function mergeIndicatorSettings(base: IndicatorSettings, input: IndicatorSettingsInput): IndicatorSettings {
  const thresholds: Record<string, IndicatorThresholds> = {};
  for (const [name, value] of Object.entries(base.thresholds)) thresholds[name] = { weekly: { ...value.weekly }, monthly: { ...value.monthly } };
  for (const [name, value] of Object.entries(input.thresholds ?? {})) {
    const current = thresholds[name];
    thresholds[name] = { weekly: phase(current?.weekly, value.weekly), monthly: phase(current?.monthly, value.monthly) };
  }
  return {
    taskTolerance: {
      defaultMinutes: input.taskTolerance?.defaultMinutes ?? base.taskTolerance.defaultMinutes,
      byCategory: { ...base.taskTolerance.byCategory, ...input.taskTolerance?.byCategory },
    },
    alertAckTargetSeconds: { ...base.alertAckTargetSeconds, ...input.alertAckTargetSeconds },
    noteLateMinutes: input.noteLateMinutes ?? base.noteLateMinutes,
    minCohort: input.minCohort ?? base.minCohort,
    thresholds,
    weeksOnTargetForMonthly: input.weeksOnTargetForMonthly ?? base.weeksOnTargetForMonthly,
    minWeeksSinceGoLiveForMonthly: input.minWeeksSinceGoLiveForMonthly ?? base.minWeeksSinceGoLiveForMonthly,
    phasePins: { ...base.phasePins, ...input.phasePins },
    coreIndicators: [...(input.coreIndicators ?? base.coreIndicators)],
    shiftWithoutActivityMinutes: input.shiftWithoutActivityMinutes ?? base.shiftWithoutActivityMinutes,
    liveLookbackHours: input.liveLookbackHours ?? base.liveLookbackHours,
  };
}
