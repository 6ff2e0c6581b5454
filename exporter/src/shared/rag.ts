/**
 * Red, amber, green: the one rule by which the exporter computes `ecm_adoption_indicator_status`,
 * the panel colours a cell and the evidence pack prints a badge, with the words, glyphs and
 * colours that go with each state. A page handed to an inspector reads like the wall screen
 * because both take them from here.
 *
 * Greyscale and colour blindness: the state never depends on colour alone; every badge carries
 * its words and a glyph.
 *
 * Shared folder rule: no imports but sibling files of this folder, with `.ts` extensions.
 */
import type { Direction } from './indicators.ts';

export type Rag = 'green' | 'amber' | 'red' | 'unknown';
export const RAGS: readonly Rag[] = Object.freeze(['green', 'amber', 'red', 'unknown']);

/** The values of `ecm_adoption_indicator_status`: 0 green (meets target), 1 amber, 2 red (beyond critical). */
export type Status = 0 | 1 | 2;
export const STATUS = Object.freeze({ green: 0, amber: 1, red: 2 } as const satisfies Record<Exclude<Rag, 'unknown'>, Status>);

/** Ratios 0..1. For higher_is_better target >= critical, for lower_is_better target <= critical. */
export interface RagThresholds {
  target: number;
  critical: number;
}

/**
 * Status of a ratio against thresholds, direction-aware. Equality semantics: a ratio exactly
 * at the target meets it (green); a ratio exactly at the critical level is not yet beyond it
 * (amber). So for higher_is_better: ratio >= target is green, ratio < critical is red; for
 * lower_is_better: ratio <= target is green, ratio > critical is red. Ratios are numerator /
 * denominator of integers, so a threshold written as a decimal (0.9) compares equal to 9/10.
 */
export function statusOf(ratio: number, direction: Direction, thresholds: RagThresholds): Status {
  if (direction === 'higher_is_better') {
    if (ratio >= thresholds.target) return STATUS.green;
    return ratio < thresholds.critical ? STATUS.red : STATUS.amber;
  }
  if (ratio <= thresholds.target) return STATUS.green;
  return ratio > thresholds.critical ? STATUS.red : STATUS.amber;
}

/** A status value as RAG; anything else (absent, NaN, a value this rule never produces) is unknown. */
export function ragOfStatus(status: number | undefined): Rag {
  if (status === STATUS.green) return 'green';
  if (status === STATUS.amber) return 'amber';
  if (status === STATUS.red) return 'red';
  return 'unknown';
}

/**
 * The same rule where thresholds may be missing (the panel reads them from series or field
 * thresholds): no value or no target is unknown; no critical level means never red.
 */
export function ragOf(value: number | null, band: { target?: number | undefined; critical?: number | undefined }, direction: Direction): Rag {
  if (value === null || band.target === undefined) return 'unknown';
  const never = direction === 'lower_is_better' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  return ragOfStatus(statusOf(value, direction, { target: band.target, critical: band.critical ?? never }));
}

export const RAG_LABEL = Object.freeze({
  green: 'On target',
  amber: 'Below target',
  red: 'Critical',
  unknown: 'No target',
} as const satisfies Record<Rag, string>);

/** Lower-is-better indicators miss their target by being above it. */
export function ragLabel(rag: Rag, lowerIsBetter: boolean): string {
  if (lowerIsBetter && rag === 'amber') return 'Above target';
  return RAG_LABEL[rag];
}

/** A glyph per state, so the state never depends on colour alone. */
export const RAG_GLYPH: Readonly<Record<Rag, string>> = Object.freeze({ green: '\u2713', amber: '!', red: '\u2715', unknown: '?' });

/** The Grafana theme colour of each state (theme.colors[...]): the panel follows the dark or light theme. */
export const RAG_THEME_COLOUR: Readonly<Record<Rag, 'success' | 'warning' | 'error' | 'secondary'>> = Object.freeze({
  green: 'success',
  amber: 'warning',
  red: 'error',
  unknown: 'secondary',
});

/**
 * Those theme colours' `main` and `contrastText` in Grafana's light theme, for print (the
 * evidence pack's paper is white). A panel test checks them against Grafana's own theme.
 */
export const RAG_PRINT_COLOURS: Readonly<Record<Rag, { main: string; text: string }>> = Object.freeze({
  green: { main: '#1b855e', text: '#ffffff' },
  amber: { main: '#ff9900', text: '#000000' },
  red: { main: '#e0226e', text: '#ffffff' },
  unknown: { main: 'rgba(36, 41, 46, 0.08)', text: 'rgba(36, 41, 46,  1)' },
});
