import type { PeriodValue } from '../data/model';

/** Y domain covering the values and the band, padded, within 0..1. */
export function yDomain(periods: PeriodValue[]): [number, number] {
  const numbers: number[] = [];
  for (const period of periods) {
    for (const n of [period.value, period.band.target, period.band.critical]) {
      if (typeof n === 'number') {
        numbers.push(n);
      }
    }
  }
  if (numbers.length === 0) {
    return [0, 1];
  }
  const lo = Math.max(0, Math.min(...numbers) - 0.05);
  const hi = Math.min(1, Math.max(...numbers) + 0.05);
  return hi - lo < 0.1 ? [Math.max(0, hi - 0.1), Math.min(1, lo + 0.1)] : [lo, hi];
}

export function scaleY(domain: [number, number], top: number, bottom: number): (v: number) => number {
  const [lo, hi] = domain;
  return (v) => bottom - ((v - lo) / (hi - lo || 1)) * (bottom - top);
}

/** A step path along one band edge, one flat segment per period. */
export function bandStepPath(
  periods: PeriodValue[],
  edge: 'target' | 'critical',
  x: (i: number) => number,
  y: (v: number) => number,
  step: number
): string {
  const parts: string[] = [];
  periods.forEach((period, i) => {
    const v = period.band[edge];
    if (v === undefined) {
      return;
    }
    const left = x(i) - step / 2;
    const right = x(i) + step / 2;
    const previous = periods[i - 1]?.band[edge];
    parts.push(
      `${previous === undefined ? 'M' : 'L'}${left.toFixed(1)},${y(v).toFixed(1)} L${right.toFixed(1)},${y(v).toFixed(1)}`
    );
  });
  return parts.join(' ');
}
