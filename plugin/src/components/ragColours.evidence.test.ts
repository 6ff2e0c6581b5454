/**
 * The evidence pack (exporter/src/evidence/render/rag-style.ts) prints RAG with the
 * panel's words, glyphs and colours; these must stay equal to the panel's own.
 */
import { createTheme } from '@grafana/data';
import { describe, expect, it } from 'vitest';

import {
  EVIDENCE_RAG_COLOURS,
  EVIDENCE_RAG_GLYPH,
  EVIDENCE_RAG_LABEL,
  evidenceRagLabel,
} from '../../../exporter/src/evidence/render/rag-style';
import { RAG_LABEL, ragLabel } from '../data/format';
import type { Rag } from '../data/rag';
import { RAG_GLYPH, ragColours } from './ragColours';

const RAGS: Rag[] = ['green', 'amber', 'red', 'unknown'];

describe('evidence pack RAG equals the panel RAG', () => {
  it('uses the same words, for both directions', () => {
    expect(EVIDENCE_RAG_LABEL).toEqual(RAG_LABEL);
    for (const rag of RAGS) {
      for (const lowerIsBetter of [false, true]) {
        expect(evidenceRagLabel(rag, lowerIsBetter)).toBe(ragLabel(rag, lowerIsBetter));
      }
    }
  });

  it('uses the same glyphs', () => {
    expect(EVIDENCE_RAG_GLYPH).toEqual(RAG_GLYPH);
  });

  it("uses the panel's colours in Grafana's light theme (paper is white)", () => {
    const theme = createTheme({ colors: { mode: 'light' } });
    for (const rag of RAGS) {
      const { main, text } = ragColours(theme, rag);
      expect(EVIDENCE_RAG_COLOURS[rag]).toEqual({ main, text });
    }
  });
});
