import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import React from 'react';

import { formatPercent } from '../data/format';
import type { AdoptionModel, Cell, LocationView } from '../data/model';
import { DrillLink } from './DrillLink';
import { RagBadge } from './RagBadge';
import { ragColours } from './ragColours';
import { testIds } from './testIds';

/** Smallest text on the wallboard: read from 3 m, whatever the panel size (the tiles scroll instead). */
export const WALLBOARD_MIN_FONT_PX = 24;
const ROWS_PER_TILE = 4;

interface Props {
  model: AdoptionModel;
  decimals: number;
  linkFor: (location: string, indicator?: string) => string | undefined;
}

/** Worst-first tiles, one per location, everything visible without hover. */
export function Wallboard({ model, decimals, linkFor }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.board} data-testid={testIds.wallboard}>
      {model.locations.map((location) => (
        <Tile key={location.location} location={location} decimals={decimals} href={linkFor(location.location)} />
      ))}
    </div>
  );
}

function Tile({ location, decimals, href }: { location: LocationView; decimals: number; href: string | undefined }) {
  const styles = useStyles2(getTileStyles, location);
  const rows = location.worstFirst.slice(0, ROWS_PER_TILE);
  const more = location.cells.length - rows.length;
  return (
    <DrillLink href={href} className={styles.tile} testId={testIds.tile(location.location)}>
      <div className={styles.top}>
        <span className={styles.name}>{location.location}</span>
        <span className={styles.phase}>{location.phase ?? 'phase unknown'}</span>
      </div>
      <p className={styles.headline} data-testid={testIds.headline} data-kind={location.headline.kind}>
        {location.headline.text}
      </p>
      <ul className={styles.rows}>
        {rows.map((cell) => (
          <Row key={cell.indicator} cell={cell} decimals={decimals} />
        ))}
      </ul>
      {more > 0 && <span className={styles.more}>+{more} more indicators</span>}
    </DrillLink>
  );
}

function Row({ cell, decimals }: { cell: Cell; decimals: number }) {
  const styles = useStyles2(getRowStyles);
  const value =
    cell.state === 'suppressed'
      ? 'too few to publish'
      : cell.value === null
        ? 'no data'
        : formatPercent(cell.value, decimals);
  return (
    <li className={styles.row}>
      <span className={styles.title}>{cell.title}</span>
      <span className={styles.value}>{value}</span>
      {cell.state === 'value' && (
        <RagBadge rag={cell.rag} lowerIsBetter={cell.direction === 'lower_is_better'} size={WALLBOARD_MIN_FONT_PX} />
      )}
    </li>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  board: css({
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(580px, 1fr))',
    gap: theme.spacing(2),
  }),
});

const getTileStyles = (theme: GrafanaTheme2, location: LocationView) => ({
  tile: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
    padding: theme.spacing(2, 2.5),
    background: theme.colors.background.primary,
    border: `2px solid ${theme.colors.border.strong}`,
    borderLeft: `14px solid ${ragColours(theme, location.worst).main}`,
    borderRadius: theme.shape.radius.default,
    color: theme.colors.text.maxContrast,
  }),
  top: css({ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', gap: theme.spacing(2) }),
  name: css({ fontSize: 36, fontWeight: theme.typography.fontWeightBold, lineHeight: 1.2 }),
  phase: css({ fontSize: WALLBOARD_MIN_FONT_PX, color: theme.colors.text.primary }),
  headline: css({ fontSize: 28, fontWeight: theme.typography.fontWeightMedium, lineHeight: 1.25, margin: 0 }),
  rows: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.75),
  }),
  more: css({ fontSize: WALLBOARD_MIN_FONT_PX, color: theme.colors.text.primary }),
});

const getRowStyles = (theme: GrafanaTheme2) => ({
  row: css({
    display: 'grid',
    gridTemplateColumns: '1fr auto auto',
    alignItems: 'center',
    gap: theme.spacing(1.5),
    fontSize: WALLBOARD_MIN_FONT_PX,
  }),
  title: css({ fontSize: WALLBOARD_MIN_FONT_PX }),
  value: css({ fontSize: 30, fontWeight: theme.typography.fontWeightBold }),
});
