import type { Direction, PhaseThresholds } from '../indicators/types.ts';

/** 0 green (meets target), 1 amber, 2 red (beyond critical): the values of ecm_adoption_indicator_status. */
export type Status = 0 | 1 | 2;
export const GREEN: Status = 0;
export const AMBER: Status = 1;
export const RED: Status = 2;

/**
 * Status of a ratio against thresholds, direction-aware. Equality semantics: a
 * ratio exactly at the target meets it (green); a ratio exactly at the critical
 * level is not yet beyond it (amber). So for higher_is_better: ratio >= target is
 * green, ratio < critical is red; for lower_is_better: ratio <= target is green,
 * ratio > critical is red. Ratios are numerator/denominator of integers, so a
 * threshold written as a decimal (0.9) compares equal to 9/10 exactly.
 */
export function statusOf(ratio: number, direction: Direction, thresholds: PhaseThresholds): Status {
  if (direction === 'higher_is_better') {
    if (ratio >= thresholds.target) return GREEN;
    return ratio < thresholds.critical ? RED : AMBER;
  }
  if (ratio <= thresholds.target) return GREEN;
  return ratio > thresholds.critical ? RED : AMBER;
}

export interface Counts {
  numerator: number;
  denominator: number;
}

/** A window is suppressed when fewer than minCohort items are in it (0 included): too few to publish. */
export function isSuppressed(counts: Counts, minCohort: number): boolean {
  return counts.denominator < minCohort;
}
