/**
 * The indicator registry: every indicator the exporter computes, in display order.
 * Adding an indicator = one file in this folder + one entry here + one test in
 * test/indicators/ (see docs/indicators.md).
 */
import { alertAckOnTime } from './alert-ack-on-time.ts';
import { loginCoverage } from './login-coverage.ts';
import { noteDuplication } from './note-duplication.ts';
import { noteTimeliness } from './note-timeliness.ts';
import { shiftActivityMatch } from './shift-activity-match.ts';
import { taskCompletion } from './task-completion.ts';
import { taskOnTime } from './task-on-time.ts';
import type { IndicatorDefinition } from './types.ts';

export type { Direction, GovernancePhase, IndicatorDefinition, IndicatorThresholds, PhaseThresholds } from './types.ts';

export const INDICATORS: readonly IndicatorDefinition[] = Object.freeze([
  loginCoverage,
  taskCompletion,
  taskOnTime,
  noteTimeliness,
  alertAckOnTime,
  shiftActivityMatch,
  noteDuplication,
]);

export function findIndicator(name: string): IndicatorDefinition | undefined {
  return INDICATORS.find((indicator) => indicator.name === name);
}
