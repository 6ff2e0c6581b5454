import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import React from 'react';

import type { AdoptionModel } from '../data/model';
import { ScorecardCell } from './ScorecardCell';
import { testIds } from './testIds';

interface Props {
  model: AdoptionModel;
  decimals: number;
  sparklinePeriods: number;
  linkFor: (location: string, indicator?: string) => string | undefined;
}

/** Locations (worst first) x indicators; each cell value, RAG, sparkline and change. */
export function Scorecard({ model, decimals, sparklinePeriods, linkFor }: Props) {
  const styles = useStyles2(getStyles, model.indicators.length);
  return (
    <div className={styles.grid} data-testid={testIds.scorecard} role="table" aria-label="Adoption scorecard">
      <div className={styles.corner} role="columnheader">
        Location
      </div>
      {model.indicators.map((indicator) => (
        <div key={indicator.name} className={styles.header} role="columnheader" title={indicator.name}>
          {indicator.title}
          {indicator.direction === 'lower_is_better' && <span className={styles.hint}> (lower is better)</span>}
        </div>
      ))}
      {model.locations.map((location) => (
        <div
          key={location.location}
          className={styles.row}
          role="row"
          data-testid={testIds.scorecardRow(location.location)}
        >
          <div className={styles.location} role="rowheader">
            <strong>{location.location}</strong>
            <span className={styles.hint}>{location.phase ? `${location.phase} governance` : 'phase unknown'}</span>
            <span className={styles.headline} data-testid={testIds.headline}>
              {location.headline.text}
            </span>
          </div>
          {location.cells.map((cell) => (
            <ScorecardCell
              key={cell.indicator}
              cell={cell}
              decimals={decimals}
              sparklinePeriods={sparklinePeriods}
              href={linkFor(cell.location, cell.indicator)}
            />
          ))}
        </div>
      ))}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2, columns: number) => ({
  grid: css({
    display: 'grid',
    gridTemplateColumns: `minmax(180px, 240px) repeat(${columns}, minmax(124px, 1fr))`,
    gap: theme.spacing(0.5),
    alignItems: 'stretch',
  }),
  row: css({ display: 'contents' }),
  corner: css({
    position: 'sticky',
    top: 0,
    left: 0,
    zIndex: 2,
    background: theme.colors.background.primary,
    fontWeight: theme.typography.fontWeightMedium,
    padding: theme.spacing(0.5),
  }),
  header: css({
    position: 'sticky',
    top: 0,
    zIndex: 1,
    background: theme.colors.background.primary,
    fontWeight: theme.typography.fontWeightMedium,
    fontSize: theme.typography.bodySmall.fontSize,
    padding: theme.spacing(0.5),
    alignSelf: 'end',
  }),
  location: css({
    position: 'sticky',
    left: 0,
    zIndex: 1,
    background: theme.colors.background.primary,
    display: 'flex',
    flexDirection: 'column',
    padding: theme.spacing(0.5),
    gap: 2,
  }),
  hint: css({ fontSize: 11, color: theme.colors.text.secondary, fontWeight: 'normal' }),
  headline: css({
    fontSize: 11,
    color: theme.colors.text.primary,
    display: '-webkit-box',
    WebkitLineClamp: 3,
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
  }),
});
