import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import React from 'react';

import { formatPercent } from '../data/format';
import type { AdoptionModel } from '../data/model';
import { DrillLink } from './DrillLink';
import { RagBadge } from './RagBadge';
import { testIds } from './testIds';
import { TrendChart } from './TrendChart';

interface Props {
  model: AdoptionModel;
  indicator: string;
  width: number;
  decimals: number;
  linkFor: (location: string, indicator?: string) => string | undefined;
}

/** One indicator for each shown location, per governance period. */
export function TrendView({ model, indicator, width, decimals, linkFor }: Props) {
  const styles = useStyles2(getStyles);
  const meta = model.indicators.find((candidate) => candidate.name === indicator);
  return (
    <div className={styles.view} data-testid={testIds.trend}>
      {model.locations.map((location) => {
        const cell = location.cells.find((candidate) => candidate.indicator === indicator);
        if (!cell || !meta) {
          return null;
        }
        const streak = cell.periodsOnTarget;
        return (
          <section
            key={location.location}
            className={styles.block}
            data-testid={testIds.trendLocation(location.location)}
          >
            <DrillLink href={linkFor(location.location, indicator)} className={styles.header}>
              <strong className={styles.title}>
                {location.location} — {meta.title}
              </strong>
              {cell.value !== null && <span className={styles.value}>{formatPercent(cell.value, decimals)}</span>}
              <RagBadge rag={cell.rag} lowerIsBetter={meta.direction === 'lower_is_better'} />
              <span className={styles.meta}>{location.phase ? `${location.phase} governance` : 'phase unknown'}</span>
              <span className={styles.meta} data-testid={testIds.streak}>
                {streak === 1 ? '1 period on target in a row' : `${streak} periods on target in a row`}
              </span>
            </DrillLink>
            {cell.state === 'suppressed' ? (
              <p className={styles.meta}>Suppressed: too few people in the window to publish this figure.</p>
            ) : (
              <TrendChart
                periods={cell.periods}
                width={Math.max(200, width - 16)}
                height={170}
                decimals={decimals}
                label={`${meta.title} at ${location.location} per review period`}
              />
            )}
          </section>
        );
      })}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  view: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1.5) }),
  block: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5) }),
  header: css({ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: theme.spacing(1) }),
  title: css({ fontSize: theme.typography.h5.fontSize }),
  value: css({ fontSize: theme.typography.h5.fontSize, fontWeight: theme.typography.fontWeightBold }),
  meta: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize, margin: 0 }),
});
