import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import React from 'react';

import { ragLabel } from '../data/format';
import type { Rag } from '../data/rag';
import { RAG_GLYPH, ragColours } from './ragColours';
import { testIds } from './testIds';

interface Props {
  rag: Rag;
  lowerIsBetter: boolean;
  /** Font size in px; the wallboard passes a large one. */
  size?: number;
}

/** RAG state as colour, glyph and words together. */
export function RagBadge({ rag, lowerIsBetter, size = 12 }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <span
      className={`${styles.badge} ${styles[rag]}`}
      style={{ fontSize: size, gap: size * 0.35, padding: `${size * 0.1}px ${size * 0.5}px` }}
      data-testid={testIds.ragBadge}
      data-rag={rag}
    >
      <span aria-hidden="true" className={styles.glyph}>
        {RAG_GLYPH[rag]}
      </span>
      {ragLabel(rag, lowerIsBetter)}
    </span>
  );
}

// Static per theme (no per-instance arguments) so hundreds of badges share one set of classes.
const getStyles = (theme: GrafanaTheme2) => {
  const fill = (rag: Rag) => {
    const colours = ragColours(theme, rag);
    return css({ background: colours.main, color: colours.text });
  };
  return {
    badge: css({
      display: 'inline-flex',
      alignItems: 'center',
      alignSelf: 'flex-start',
      borderRadius: theme.shape.radius.pill,
      fontWeight: theme.typography.fontWeightMedium,
      lineHeight: 1.3,
      whiteSpace: 'nowrap',
    }),
    glyph: css({ fontWeight: theme.typography.fontWeightBold }),
    green: fill('green'),
    amber: fill('amber'),
    red: fill('red'),
    unknown: fill('unknown'),
  };
};
