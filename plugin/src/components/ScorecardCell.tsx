import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Tooltip, useStyles2 } from '@grafana/ui';
import React from 'react';

import { formatChange, formatPercent } from '../data/format';
import type { Cell } from '../data/model';
import type { Rag } from '../data/rag';
import { DrillLink } from './DrillLink';
import { RagBadge } from './RagBadge';
import { ragColours } from './ragColours';
import { Sparkline } from './Sparkline';
import { testIds } from './testIds';

export const SUPPRESSED_REASON =
  'Fewer people than the minimum cohort were counted in this window, so the figure is not published: it could single out individual staff.';

interface Props {
  cell: Cell;
  decimals: number;
  sparklinePeriods: number;
  href: string | undefined;
}

export function ScorecardCell({ cell, decimals, sparklinePeriods, href }: Props) {
  const styles = useStyles2(getStyles);
  const testId = testIds.cell(cell.location, cell.indicator);
  if (cell.state === 'suppressed') {
    return (
      <div className={`${styles.cell} ${styles.unknown}`} data-testid={testId} data-state="suppressed">
        <Tooltip content={SUPPRESSED_REASON} placement="top">
          <span className={styles.suppressed} tabIndex={0}>
            Suppressed: too few to publish
          </span>
        </Tooltip>
      </div>
    );
  }
  if (cell.state === 'no_data' || cell.value === null) {
    return (
      <div className={`${styles.cell} ${styles.unknown}`} data-testid={testId} data-state="no_data">
        <span className={styles.muted}>No data</span>
      </div>
    );
  }
  const change = changeText(cell.change, decimals);
  const recent = cell.periods.slice(-Math.max(2, sparklinePeriods));
  const trendLabel = `${cell.title} at ${cell.location} per period: ${recent
    .map((period) => (period.value === null ? 'none' : formatPercent(period.value, decimals)))
    .join(', ')}`;
  return (
    <DrillLink
      href={href}
      className={`${styles.cell} ${styles[cell.rag]}`}
      testId={testId}
      title={`${cell.title} — ${cell.location}`}
    >
      <div className={styles.top}>
        <span className={styles.value}>{formatPercent(cell.value, decimals)}</span>
        {change && (
          <span
            className={cell.changeIsBetter === false && change !== 'no change' ? styles.changeWorse : styles.change}
          >
            {change}
          </span>
        )}
      </div>
      <RagBadge rag={cell.rag} lowerIsBetter={cell.direction === 'lower_is_better'} />
      <Sparkline periods={recent} width={112} height={22} label={trendLabel} />
    </DrillLink>
  );
}

/** "▲ +3 pts", "▼ −2 pts", or "no change" without an arrow when it rounds to zero. */
function changeText(change: number | null, decimals: number): string | null {
  if (change === null) {
    return null;
  }
  const text = formatChange(change, decimals);
  if (text === 'no change') {
    return text;
  }
  return `${change > 0 ? '\u25B2' : '\u25BC'} ${text}`;
}

// Static per theme: one class set for all cells, the RAG edge picked by class.
const getStyles = (theme: GrafanaTheme2) => {
  const edge = (rag: Rag) => css({ borderLeftColor: ragColours(theme, rag).main });
  const change = { fontSize: 11, whiteSpace: 'nowrap' as const };
  return {
    cell: css({
      display: 'flex',
      flexDirection: 'column',
      gap: 2,
      padding: theme.spacing(0.5, 0.75),
      minHeight: 78,
      borderLeft: '4px solid transparent',
      background: theme.colors.background.secondary,
      borderRadius: theme.shape.radius.default,
    }),
    green: edge('green'),
    amber: edge('amber'),
    red: edge('red'),
    unknown: edge('unknown'),
    top: css({ display: 'flex', alignItems: 'baseline', justifyContent: 'space-between', gap: 4 }),
    value: css({ fontSize: 18, fontWeight: theme.typography.fontWeightBold, color: theme.colors.text.primary }),
    change: css({ ...change, color: theme.colors.text.secondary }),
    changeWorse: css({ ...change, color: theme.colors.error.text }),
    suppressed: css({ fontSize: 12, color: theme.colors.text.secondary, fontStyle: 'italic', cursor: 'help' }),
    muted: css({ fontSize: 12, color: theme.colors.text.disabled }),
  };
};
