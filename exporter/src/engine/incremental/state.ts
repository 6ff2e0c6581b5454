/**
 * What a pass holds between refreshes (PassState) and what one refresh hands to the
 * indicators (PassView). Both are immutable: a refresh builds the next state beside
 * the current one and the caller swaps it in only when every statement succeeded,
 * so a refresh that fails half-way leaves the previous state whole (never a mix).
 */
import type { CalendarWeek } from '../domain-time.ts';
import type { LocationInfo, SkippedRows } from '../types.ts';
import type { BucketGrid } from './buckets.ts';
import type { Interner } from './interner.ts';
import type { PassName } from './pass-spec.ts';
import type { ReverifyCursors } from './reverify.ts';
import type { BucketSeries } from './series.ts';
import type { LocationPartials } from './stores.ts';
import type { FullReason, LocationReason, ServerIdentity } from './trust.ts';

/** Numerator and denominator of note duplication of one week, judged in SQL. */
export type WeekCount = readonly [numerator: number, denominator: number];

export interface LocationState {
  info: LocationInfo;
  bucketMinutes: number;
  grid: BucketGrid;
  coveredFrom: number;
  coveredTo: number;
  detailFrom: number;
  series: ReadonlyMap<string, BucketSeries>;
  /** Note duplication of weeks starting before the 28-day span, by the week's Monday (care notes pass only). */
  weekCounts: ReadonlyMap<string, WeekCount>;
}

export interface PassState {
  nowMs: number;
  settingsKey: string;
  server: ServerIdentity;
  locations: ReadonlyMap<string, LocationState>;
  cursors: ReverifyCursors;
  /** Shared by the states of one pass (ids only grow between compactions, so an older state stays valid). */
  interner: Interner;
}

export interface LocationView extends LocationPartials {
  info: LocationInfo;
  /** Complete calendar weeks since go-live at `now`, oldest first. */
  weeks: readonly CalendarWeek[];
  weekCounts: ReadonlyMap<string, WeekCount>;
}

export interface PassReport {
  /** 'full' when the pass started over (see trust.ts), else 'incremental'. */
  mode: 'full' | 'incremental';
  reason: FullReason | undefined;
  /** Locations computed in full in an incremental refresh, and why. */
  locations: ReadonlyArray<{ reason: LocationReason; count: number }>;
  statements: number;
  /** Buckets read as whole buckets (locations x buckets). */
  bucketsRead: number;
  /** Buckets re-verified (compared with what was held), and of those the ones that differed. */
  bucketsReverified: number;
  differences: number;
  /** Settled weeks whose note duplication was judged again in SQL and differed from what was held. */
  weekDifferences: number;
}

export interface PassView {
  pass: PassName;
  nowMs: number;
  locations: ReadonlyMap<string, LocationView>;
  /** Rows skipped for a NULL reference time (found through the (location, time) indexes). */
  nullRows: readonly SkippedRows[];
  report: PassReport;
}
