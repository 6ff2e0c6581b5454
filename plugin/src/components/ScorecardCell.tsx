import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Tooltip, useStyles2 } from '@grafana/ui';
import React from 'react';

import { formatChange, formatPercent } from '../data/format';
import type { Cell } from '../data/model';
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
  const styles = useStyles2(getStyles, cell);
  const testId = testIds.cell(cell.location, cell.indicator);
  if (cell.state === 'suppressed') {
    return (
      <div className={styles.cell} data-testid={testId} data-state="suppressed">
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
      <div className={styles.cell} data-testid={testId} data-state="no_data">
        <span className={styles.muted}>No data</span>
      </div>
    );
  }
  const recent = cell.periods.slice(-Math.max(2, sparklinePeriods));
  const trendLabel = `${cell.title} at ${cell.location} per period: ${recent
    .map((period) => (period.value === null ? 'none' : formatPercent(period.value, decimals)))
    .join(', ')}`;
  return (
    <DrillLink href={href} className={styles.cell} testId={testId} title={`${cell.title} — ${cell.location}`}>
      <div className={styles.top}>
        <span className={styles.value}>{formatPercent(cell.value, decimals)}</span>
        {cell.change !== null && (
          <span className={styles.change} data-better={String(cell.changeIsBetter)}>
            {cell.change > 0 ? '\u25B2' : cell.change < 0 ? '\u25BC' : ''} {formatChange(cell.change, decimals)}
          </span>
        )}
      </div>
      <RagBadge rag={cell.rag} lowerIsBetter={cell.direction === 'lower_is_better'} />
      <Sparkline periods={recent} width={112} height={22} label={trendLabel} />
    </DrillLink>
  );
}

const getStyles = (theme: GrafanaTheme2, cell: Cell) => ({
  cell: css({
    display: 'flex',
    flexDirection: 'column',
    gap: 2,
    padding: theme.spacing(0.5, 0.75),
    minHeight: 78,
    borderLeft: `4px solid ${ragColours(theme, cell.rag).main}`,
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
  }),
  top: css({ display: 'flex', alignItems: 'baseline', justifyContent: 'space-between', gap: 4 }),
  value: css({ fontSize: 18, fontWeight: theme.typography.fontWeightBold, color: theme.colors.text.primary }),
  change: css({
    fontSize: 11,
    color: cell.changeIsBetter === false ? theme.colors.error.text : theme.colors.text.secondary,
    whiteSpace: 'nowrap',
  }),
  suppressed: css({ fontSize: 12, color: theme.colors.text.secondary, fontStyle: 'italic', cursor: 'help' }),
  muted: css({ fontSize: 12, color: theme.colors.text.disabled }),
});
