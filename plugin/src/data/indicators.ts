import type { Direction } from '../types';

/** What the panel knows about an indicator before any `ecm_adoption_indicator_info` series arrives. */
export interface IndicatorMeta {
  name: string;
  title: string;
  direction: Direction;
}

/** The engine's indicators in the order boards review them (see the exporter README). */
export const KNOWN_INDICATORS: readonly IndicatorMeta[] = [
  { name: 'login_coverage', title: 'Login coverage', direction: 'higher_is_better' },
  { name: 'task_completion', title: 'Tasks recorded', direction: 'higher_is_better' },
  { name: 'task_on_time', title: 'Tasks on time', direction: 'higher_is_better' },
  { name: 'note_timeliness', title: 'Notes on time', direction: 'higher_is_better' },
  { name: 'alert_ack_on_time', title: 'Alerts acknowledged on time', direction: 'higher_is_better' },
  { name: 'shift_activity_match', title: 'Shifts with activity', direction: 'higher_is_better' },
  { name: 'note_duplication', title: 'Duplicated notes', direction: 'lower_is_better' },
];

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
