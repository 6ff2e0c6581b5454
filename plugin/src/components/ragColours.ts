import type { GrafanaTheme2 } from '@grafana/data';

import { RAG_THEME_COLOUR } from '../../../exporter/src/shared/rag';
import type { Rag } from '../data/rag';

/** Theme colours for RAG states; `main` fills, `text` is readable on top of `main`. */
export function ragColours(theme: GrafanaTheme2, rag: Rag): { main: string; text: string; tint: string } {
  const palette = theme.colors[RAG_THEME_COLOUR[rag]];
  return { main: palette.main, text: palette.contrastText, tint: palette.transparent };
}

/** A glyph per state, so the state never depends on colour alone (shared with the evidence pack). */
export { RAG_GLYPH } from '../../../exporter/src/shared/rag';
