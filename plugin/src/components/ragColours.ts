import type { GrafanaTheme2 } from '@grafana/data';

import type { Rag } from '../data/rag';

/** Theme colours for RAG states; `main` fills, `text` is readable on top of `main`. */
export function ragColours(theme: GrafanaTheme2, rag: Rag): { main: string; text: string; tint: string } {
  const palette = {
    green: theme.colors.success,
    amber: theme.colors.warning,
    red: theme.colors.error,
    unknown: theme.colors.secondary,
  }[rag];
  return { main: palette.main, text: palette.contrastText, tint: palette.transparent };
}

/** A glyph per state, so the state never depends on colour alone. */
export const RAG_GLYPH: Record<Rag, string> = { green: '\u2713', amber: '!', red: '\u2715', unknown: '?' };
