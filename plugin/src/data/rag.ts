import type { ThresholdsConfig } from '@grafana/data';

import type { Rag } from '../../../exporter/src/shared/rag';
import type { Direction } from '../types';

/** Ratios 0..1. `target` is what the governance phase asks for, `critical` where it turns red. */
export interface Band {
  target?: number;
  critical?: number;
}

/**
 * The RAG rule (status codes, meets target -> green, beyond critical -> red, otherwise amber)
 * is the exporter's own, shared: exporter/src/shared/rag.ts.
 */
export { ragOf, ragOfStatus as ragFromStatus, type Rag } from '../../../exporter/src/shared/rag';

/**
 * Band from Grafana field thresholds, the fallback when no threshold series is returned.
 * The base step is ignored; of the other steps (ascending) the one nearer the good end is the
 * target and the other the critical level. Values above 1 or percentage mode are read as percent.
 */
export function bandFromFieldThresholds(config: ThresholdsConfig | undefined, direction: Direction): Band {
  if (!config) {
    return {};
  }
  const values = config.steps
    .map((step) => step.value)
    .filter((value) => Number.isFinite(value))
    .sort((a, b) => a - b);
  const percent = config.mode === 'percentage' || values.some((value) => value > 1);
  const ratios = values.map((value) => (percent ? value / 100 : value));
  const [low, high] = ratios;
  if (low === undefined) {
    return {};
  }
  if (high === undefined) {
    return { target: low };
  }
  return direction === 'lower_is_better' ? { target: low, critical: high } : { target: high, critical: low };
}

/** Worst first: red, amber, unknown, suppressed/no data, green. */
export function ragSeverity(rag: Rag, published: boolean): number {
  if (!published) {
    return 1;
  }
  return { red: 4, amber: 3, unknown: 2, green: 0 }[rag];
}

/** How far a value is on the wrong side of its target, in ratio units (negative when better). */
export function shortfall(value: number | null, band: Band, direction: Direction): number {
  if (value === null || band.target === undefined) {
    return 0;
  }
  return direction === 'lower_is_better' ? value - band.target : band.target - value;
}
