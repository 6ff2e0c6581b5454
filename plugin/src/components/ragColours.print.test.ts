/**
 * The evidence pack prints RAG with the panel's words, glyphs and colours, all from one shared
 * module (exporter/src/shared/rag.ts). Its print colours are fixed values, since paper has no
 * theme: they must be what Grafana's light theme gives the panel for each state.
 */
import { createTheme } from '@grafana/data';
import { describe, expect, it } from 'vitest';

import { RAG_PRINT_COLOURS, RAGS } from '../../../exporter/src/shared/rag';
import { ragColours } from './ragColours';

describe('print colours of the evidence pack', () => {
  it("are the panel's colours in Grafana's light theme (paper is white)", () => {
    const theme = createTheme({ colors: { mode: 'light' } });
    for (const rag of RAGS) {
      const { main, text } = ragColours(theme, rag);
      expect(RAG_PRINT_COLOURS[rag]).toEqual({ main, text });
    }
  });

  it('differ between the states, so the pack does not print two states alike', () => {
    expect(new Set(RAGS.map((rag) => RAG_PRINT_COLOURS[rag].main)).size).toBe(RAGS.length);
  });
});
