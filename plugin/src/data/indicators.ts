import { INDICATOR_META } from '../../../exporter/src/shared/indicators';
import type { Direction } from '../types';

/** What the panel knows about an indicator before any `ecm_adoption_indicator_info` series arrives. */
export interface IndicatorMeta {
  name: string;
  title: string;
  direction: Direction;
}

/**
 * The exporter's indicators in the order boards review them, with the exporter's titles: one
 * list shared with the exporter and the dashboards (exporter/src/shared/indicators.ts).
 */
export const KNOWN_INDICATORS: readonly IndicatorMeta[] = INDICATOR_META.map(({ name, title, direction }) => ({
  name,
  title,
  direction,
}));

const KNOWN_BY_NAME = new Map(KNOWN_INDICATORS.map((meta) => [meta.name, meta]));

/** `shift_activity_match` -> `Shift activity match`, for indicators the panel has never heard of. */
export function humanise(name: string): string {
  const words = name.replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function knownIndicator(name: string): IndicatorMeta | undefined {
  return KNOWN_BY_NAME.get(name);
}

/** Standard order first, then any other indicator alphabetically. */
export function standardOrder(names: Iterable<string>): string[] {
  const rank = (name: string) => {
    const index = KNOWN_INDICATORS.findIndex((meta) => meta.name === name);
    return index < 0 ? KNOWN_INDICATORS.length : index;
  };
  return [...new Set(names)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
