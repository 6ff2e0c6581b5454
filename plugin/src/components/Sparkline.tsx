import { useTheme2 } from '@grafana/ui';
import React from 'react';

import type { PeriodValue } from '../data/model';
import { bandStepPath, scaleY, yDomain } from './chartScale';
import { ragColours } from './ragColours';
import { testIds } from './testIds';

interface Props {
  periods: PeriodValue[];
  width: number;
  height: number;
  label: string;
}

/** Trend per review period with the target (solid) and critical (dashed) levels as steps. */
export function Sparkline({ periods, width, height, label }: Props) {
  const theme = useTheme2();
  if (periods.length === 0) {
    return null;
  }
  const step = width / periods.length;
  const x = (i: number) => step * i + step / 2;
  const y = scaleY(yDomain(periods), 2, height - 2);
  const line = periods
    .map((period, i) => (period.value === null ? null : `${x(i).toFixed(1)},${y(period.value).toFixed(1)}`))
    .filter((point): point is string => point !== null)
    .join(' ');
  const last = periods[periods.length - 1];
  return (
    <svg width={width} height={height} role="img" aria-label={label} data-testid={testIds.sparkline}>
      <path
        d={bandStepPath(periods, 'target', x, y, step)}
        stroke={ragColours(theme, 'green').main}
        strokeWidth={1.5}
        fill="none"
      />
      <path
        d={bandStepPath(periods, 'critical', x, y, step)}
        stroke={ragColours(theme, 'red').main}
        strokeWidth={1}
        strokeDasharray="3 2"
        fill="none"
      />
      <polyline points={line} stroke={theme.colors.text.primary} strokeWidth={1.5} fill="none" />
      {last && last.value !== null && (
        <circle cx={x(periods.length - 1)} cy={y(last.value)} r={2.5} fill={ragColours(theme, last.rag).main} />
      )}
    </svg>
  );
}
