/**
 * The RAG rule of `ecm_adoption_indicator_status` lives in ../shared/rag.ts, where the panel and
 * the evidence pack read it too; the phase replay and the assembly take it from here.
 */
import { STATUS, type Status } from '../shared/rag.ts';

export { statusOf, type Status } from '../shared/rag.ts';

export const GREEN: Status = STATUS.green;
export const AMBER: Status = STATUS.amber;
export const RED: Status = STATUS.red;

export interface Counts {
  numerator: number;
  denominator: number;
}

/** A window is suppressed when fewer than minCohort items are in it (0 included): too few to publish. */
export function isSuppressed(counts: Counts, minCohort: number): boolean {
  return counts.denominator < minCohort;
}
