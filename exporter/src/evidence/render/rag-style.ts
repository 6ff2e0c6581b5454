/**
 * RAG in the evidence pack: the words, glyphs and (light theme) colours are the panel's, from
 * ../../shared/rag.ts, so a page handed to an inspector reads like the wall screen.
 *
 * Greyscale: the state never depends on colour alone. Words and a glyph go with every badge,
 * and chart points have a shape per state (below).
 */
import type { Rag } from '../../shared/rag.ts';

/** Chart point shapes, so charts read in greyscale: on target a circle, below target a triangle, critical a square. */
export const EVIDENCE_RAG_SHAPE: Readonly<Record<Exclude<Rag, 'unknown'>, 'circle' | 'triangle' | 'square'>> = {
  green: 'circle',
  amber: 'triangle',
  red: 'square',
};
