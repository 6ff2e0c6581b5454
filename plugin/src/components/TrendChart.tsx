import { useTheme2 } from '@grafana/ui';
import React from 'react';

import { formatPercent } from '../data/format';
import type { PeriodValue } from '../data/model';
import { bandStepPath, scaleY, yDomain } from './chartScale';
import { RAG_GLYPH, ragColours } from './ragColours';
import { testIds } from './testIds';

interface Props {
  periods: PeriodValue[];
  width: number;
  height: number;
  decimals: number;
  label: string;
}

const AXIS = 44;
const BOTTOM = 22;
const TOP = 18;

/** Values per review period over the phase's band; the band steps and a marker shows where the phase switched. */
export function TrendChart({ periods, width, height, decimals, label }: Props) {
  const theme = useTheme2();
  const plotWidth = Math.max(40, width - AXIS - 8);
  const step = plotWidth / Math.max(1, periods.length);
  const x = (i: number) => AXIS + step * i + step / 2;
  const domain = yDomain(periods);
  const y = scaleY(domain, TOP, height - BOTTOM);
  const labelEvery = Math.max(1, Math.ceil(56 / step));
  // Label every point only when there is room; otherwise the latest period and each phase switch.
  const labelled = (i: number) => step >= 48 || i === periods.length - 1 || periods[i]?.phaseChanged === true;
  const text = theme.colors.text;
  const points = periods
    .map((period, i) => (period.value === null ? null : `${x(i).toFixed(1)},${y(period.value).toFixed(1)}`))
    .filter((point): point is string => point !== null)
    .join(' ');
  return (
    <svg width={width} height={height} role="img" aria-label={label} style={{ display: 'block' }}>
      {periods.map((period, i) => {
        const { target, critical } = period.band;
        if (target === undefined || critical === undefined) {
          return null;
        }
        const topEdge = Math.min(y(target), y(critical));
        return (
          <rect
            key={`band-${period.start}`}
            x={x(i) - step / 2}
            width={step}
            y={topEdge}
            height={Math.abs(y(target) - y(critical))}
            fill={ragColours(theme, 'amber').tint}
          />
        );
      })}
      <path
        d={bandStepPath(periods, 'target', x, y, step)}
        stroke={ragColours(theme, 'green').main}
        strokeWidth={2}
        fill="none"
      />
      <path
        d={bandStepPath(periods, 'critical', x, y, step)}
        stroke={ragColours(theme, 'red').main}
        strokeWidth={1.5}
        strokeDasharray="5 3"
        fill="none"
      />
      {[domain[0], domain[1]].map((v) => (
        <text key={v} x={AXIS - 6} y={y(v) + 4} textAnchor="end" fontSize={11} fill={text.secondary}>
          {formatPercent(v, 0)}
        </text>
      ))}
      {periods.map((period, i) =>
        period.phaseChanged ? (
          <g key={`switch-${period.start}`} data-testid={testIds.phaseSwitch}>
            <line
              x1={x(i) - step / 2}
              x2={x(i) - step / 2}
              y1={TOP - 14}
              y2={height - BOTTOM}
              stroke={text.primary}
              strokeDasharray="2 3"
            />
            <text x={x(i) - step / 2 + 4} y={TOP - 5} fontSize={11} fill={text.primary}>
              {period.phase} from {period.label.replace('w/c ', '')}
            </text>
          </g>
        ) : null
      )}
      <polyline points={points} stroke={text.primary} strokeWidth={2} fill="none" />
      {periods.map((period, i) =>
        period.value === null ? null : (
          <g key={`pt-${period.start}`}>
            <circle
              cx={x(i)}
              cy={y(period.value)}
              r={4}
              fill={ragColours(theme, period.rag).main}
              stroke={theme.colors.background.primary}
            />
            {labelled(i) && (
              <text x={x(i)} y={y(period.value) - 8} textAnchor="middle" fontSize={11} fill={text.primary}>
                {`${RAG_GLYPH[period.rag]} ${formatPercent(period.value, decimals)}`}
              </text>
            )}
          </g>
        )
      )}
      {periods.map((period, i) =>
        i % labelEvery === 0 ? (
          <text
            key={`x-${period.start}`}
            x={x(i)}
            y={height - 6}
            textAnchor="middle"
            fontSize={11}
            fill={text.secondary}
          >
            {period.label}
          </text>
        ) : null
      )}
    </svg>
  );
}
