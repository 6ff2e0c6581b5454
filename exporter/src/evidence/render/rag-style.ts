/**
 * RAG in the evidence pack: the panel's words, glyphs and (light theme) colours, so a
 * page handed to an inspector reads like the wall screen. A test in the panel's
 * project (plugin/src/components/ragColours.evidence.test.ts) checks these equal the
 * panel's constants and Grafana's light theme; keep this file free of imports so the
 * panel's compiler can read it.
 *
 * Greyscale: the state never depends on colour alone. Words and a glyph go with
 * every badge, and chart points have a shape per state.
 */
export type EvidenceRag = 'green' | 'amber' | 'red' | 'unknown';

/** The panel's RAG_LABEL (plugin/src/data/format.ts). */
export const EVIDENCE_RAG_LABEL: Readonly<Record<EvidenceRag, string>> = {
  green: 'On target',
  amber: 'Below target',
  red: 'Critical',
  unknown: 'No target',
};

/** The panel's ragLabel: lower-is-better indicators miss their target by being above it. */
export function evidenceRagLabel(rag: EvidenceRag, lowerIsBetter: boolean): string {
  if (lowerIsBetter && rag === 'amber') return 'Above target';
  return EVIDENCE_RAG_LABEL[rag];
}

/** The panel's RAG_GLYPH (plugin/src/components/ragColours.ts). */
export const EVIDENCE_RAG_GLYPH: Readonly<Record<EvidenceRag, string>> = { green: '\u2713', amber: '!', red: '\u2715', unknown: '?' };

/** The panel's ragColours(theme, rag) main and text colours in Grafana's light theme (paper is white). */
export const EVIDENCE_RAG_COLOURS: Readonly<Record<EvidenceRag, { main: string; text: string }>> = {
  green: { main: '#1b855e', text: '#ffffff' },
  amber: { main: '#ff9900', text: '#000000' },
  red: { main: '#e0226e', text: '#ffffff' },
  unknown: { main: 'rgba(36, 41, 46, 0.08)', text: 'rgba(36, 41, 46,  1)' },
};

/** Chart point shapes, so charts read in greyscale: on target a circle, below target a triangle, critical a square. */
export const EVIDENCE_RAG_SHAPE: Readonly<Record<Exclude<EvidenceRag, 'unknown'>, 'circle' | 'triangle' | 'square'>> = {
  green: 'circle',
  amber: 'triangle',
  red: 'square',
};

/** ecm_adoption_indicator_status values (0 green, 1 amber, 2 red) as RAG. */
export function ragOfStatus(status: number | undefined): EvidenceRag {
  if (status === 0) return 'green';
  if (status === 1) return 'amber';
  if (status === 2) return 'red';
  return 'unknown';
}
