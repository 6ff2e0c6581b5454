import type { Direction } from '../types';
import type { Band, Rag } from './rag';
import type { Phase, PeriodSlot } from './periods';

/** A review period of one indicator at one location. */
export interface PeriodValue extends PeriodSlot {
  /** Ratio 0..1 published last in the period, null when none was. */
  value: number | null;
  band: Band;
  rag: Rag;
}

export type CellState = 'value' | 'suppressed' | 'no_data';

export interface Cell {
  indicator: string;
  title: string;
  location: string;
  direction: Direction;
  state: CellState;
  /** Latest ratio 0..1 (null when suppressed or not returned). */
  value: number | null;
  rag: Rag;
  band: Band;
  /** Rolling window the value comes from. */
  window: string | undefined;
  /** value minus the previous review period's value, in ratio units. */
  change: number | null;
  /** true when the change moves towards the good end for this indicator's direction. */
  changeIsBetter: boolean | null;
  periods: PeriodValue[];
  /** Consecutive complete periods on target, counted back from the latest complete one. */
  periodsOnTarget: number;
  /** Sort key, higher is worse. */
  severity: number;
  /** How far the value is on the wrong side of its target (ratio units). */
  shortfall: number;
}

export type HeadlineKind = 'usage_trap' | 'below_target' | 'all_on_target' | 'nothing_published';

export interface Headline {
  kind: HeadlineKind;
  text: string;
  rag: Rag;
}

export interface LocationView {
  location: string;
  /** Current governance phase, undefined when no phase series was returned. */
  phase: Phase | undefined;
  /** Cells in the chosen indicator order. */
  cells: Cell[];
  /** Cells worst first. */
  worstFirst: Cell[];
  worst: Rag;
  severity: number;
  headline: Headline;
}

export interface AdoptionModel {
  /** Indicators shown, in order. */
  indicators: Array<{ name: string; title: string; direction: Direction }>;
  /** Locations sorted worst first. */
  locations: LocationView[];
  /** Set when nothing can be drawn: says plainly what is missing and how to fix it. */
  blocking: string | null;
  /** Things that degrade the view (no thresholds, no phase, unrecognised series). */
  notices: string[];
  timeZone: string;
}
