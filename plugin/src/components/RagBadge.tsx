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
  const styles = useStyles2(getStyles, rag, size);
  return (
    <span className={styles.badge} data-testid={testIds.ragBadge} data-rag={rag}>
      <span aria-hidden="true" className={styles.glyph}>
        {RAG_GLYPH[rag]}
      </span>
      {ragLabel(rag, lowerIsBetter)}
    </span>
  );
}

const getStyles = (theme: GrafanaTheme2, rag: Rag, size: number) => {
  const colours = ragColours(theme, rag);
  return {
    badge: css({
      display: 'inline-flex',
      alignItems: 'center',
      gap: size * 0.35,
      padding: `${size * 0.1}px ${size * 0.5}px`,
      borderRadius: theme.shape.radius.pill,
      background: colours.main,
      color: colours.text,
      fontSize: size,
      fontWeight: theme.typography.fontWeightMedium,
      lineHeight: 1.3,
      whiteSpace: 'nowrap',
    }),
    glyph: css({ fontWeight: theme.typography.fontWeightBold }),
  };
};
