/**
 * What the indicators publish, from the passes' views of one refresh: numerator
 * and denominator per location for the rolling windows and every complete week
 * since go-live, the acknowledgement-time quantiles, and the rows skipped as
 * invalid — each equal to what its SQL (the reference) returns at the same `now`.
 */
import { ROLLING_WINDOWS, type WindowCount } from '../domain-units.ts';
import type { AckSeconds } from '../live-gauges.ts';
import type { SkippedRows } from '../types.ts';
import { detailAtNow, countsAtNow } from './evaluate.ts';
import type { IndicatorPartial } from '../../indicators/partial.ts';
import { runAtOnce, type Steps } from '../slices.ts';
import { alertsPass, ALERT_FIELDS } from './passes/alerts.ts';
import { careNotesPass, NOTE_FIELDS } from './passes/care-notes.ts';
import { shiftsPass, SHIFT_SKIP_FIELDS } from './passes/shifts.ts';
import type { PassName } from './pass-spec.ts';
import { SPAN_DAYS } from './plan.ts';
import type { PassView } from './state.ts';
import type { StoreSpec } from './stores.ts';
import { float64s, withRoom } from './typed-arrays.ts';

const DAY_MS = 86_400_000;

/** One indicator's counts: 7d and 28d per location, and per location and complete week since go-live (window = the week's Monday). */
export interface IndicatorCounts {
  rolling: WindowCount[];
  weekly: WindowCount[];
}

const rollingRanges = (nowMs: number) => ROLLING_WINDOWS.map((window) => ({ label: window.label, startMs: nowMs - window.days * DAY_MS, endMs: nowMs }));

/** One indicator's rolling windows and weekly history, for every location of the view. */
export function indicatorCounts(partial: IndicatorPartial, view: PassView): IndicatorCounts {
  return runAtOnce(indicatorCountSteps(partial, view));
}

/** The same, a window at a time (see ../slices.ts). */
export function* indicatorCountSteps(partial: IndicatorPartial, view: PassView): Steps<IndicatorCounts> {
  const rolling: WindowCount[] = [];
  const weekly: WindowCount[] = [];
  for (const [locationId, location] of view.locations) {
    for (const window of rollingRanges(view.nowMs)) {
      rolling.push({ locationId, window: window.label, ...partial.atNow(location, window) });
      yield;
    }
    for (const week of location.weeks) {
      weekly.push({
        locationId,
        window: week.monday,
        ...partial.week(location, { label: week.monday, startMs: week.starts.getTime(), endMs: week.ends.getTime() }),
      });
      yield;
    }
  }
  return { rolling, weekly };
}

/** percentile_cont of PostgreSQL for float8: linear interpolation between the two nearest ranks. */
export function percentileCont(sorted: ArrayLike<number>, fraction: number): number | null {
  if (sorted.length === 0) return null;
  const rank = fraction * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  const low = sorted[lower] ?? Number.NaN;
  const high = sorted[upper] ?? Number.NaN;
  return low + (high - low) * (rank - lower);
}

/** p50 and p90 of the seconds from raised to acknowledged, per location and rolling window (ACK_SECONDS_SQL). */
export function ackSeconds(view: PassView): AckSeconds[] {
  return runAtOnce(ackSecondsSteps(view));
}

/** The same, a location and window at a time (see ../slices.ts). */
export function* ackSecondsSteps(view: PassView): Steps<AckSeconds[]> {
  const rows: AckSeconds[] = [];
  // One typed scratch array for every window (sorted numerically in place): an array of
  // thousands of numbers per location and window was garbage at every refresh.
  let scratch = new Float64Array(1024);
  for (const [locationId, location] of view.locations) {
    for (const window of rollingRanges(view.nowMs)) {
      let count = 0;
      detailAtNow(location, 'ack_delays', 2, window, (record) => {
        scratch = withRoom(scratch, count + 1, float64s);
        scratch[count] = record[1] ?? Number.NaN;
        count += 1;
      });
      const delays = scratch.subarray(0, count).sort();
      rows.push({ locationId, window: window.label, acknowledged: count, p50: percentileCont(delays, 0.5), p90: percentileCont(delays, 0.9) });
      yield;
    }
  }
  return rows;
}

function spanSum(view: PassView, store: string, spec: StoreSpec | undefined, field: number): number {
  if (spec?.kind !== 'counts') throw new Error(`${store} is not a counts store`);
  const window = { startMs: view.nowMs - SPAN_DAYS * DAY_MS, endMs: view.nowMs };
  let total = 0;
  for (const location of view.locations.values()) total += countsAtNow(location, store, spec, window)[field] ?? 0;
  return total;
}

const nulls = (view: PassView, table: string): number => view.nullRows.filter((row) => row.table === table).reduce((sum, row) => sum + row.count, 0);

/**
 * Rows skipped as invalid, as SKIPPED_ROWS_SQL counts them (NULL reference times
 * since ever, other faults in the last 28 days), for the passes that have a view.
 */
export function skippedRows(views: ReadonlyMap<PassName, PassView>): SkippedRows[] {
  const rows: SkippedRows[] = [];
  const shifts = views.get('shifts');
  if (shifts) {
    const skips = shiftsPass.stores.shift_skips;
    rows.push(
      { table: 'shifts', reason: 'null_timestamp', count: nulls(shifts, 'shifts') + spanSum(shifts, 'shift_skips', skips, SHIFT_SKIP_FIELDS.endsNull) },
      { table: 'shifts', reason: 'inverted_timestamps', count: spanSum(shifts, 'shift_skips', skips, SHIFT_SKIP_FIELDS.inverted) },
      { table: 'shifts', reason: 'null_staff_id', count: spanSum(shifts, 'shift_skips', skips, SHIFT_SKIP_FIELDS.staffNull) },
      { table: 'sessions', reason: 'null_timestamp', count: nulls(shifts, 'sessions') },
      { table: 'sessions', reason: 'inverted_timestamps', count: spanSum(shifts, 'session_skips', shiftsPass.stores.session_skips, 0) },
    );
  }
  const tasks = views.get('tasks');
  if (tasks) rows.push({ table: 'tasks', reason: 'null_timestamp', count: nulls(tasks, 'tasks') });
  const notes = views.get('care_notes');
  if (notes) {
    const count = nulls(notes, 'care_notes') + spanSum(notes, 'notes', careNotesPass.stores.notes, NOTE_FIELDS.recordedNull);
    rows.push({ table: 'care_notes', reason: 'null_timestamp', count });
  }
  const alerts = views.get('alerts');
  if (alerts) {
    const spec = alertsPass.stores.alerts;
    rows.push(
      { table: 'alerts', reason: 'null_timestamp', count: nulls(alerts, 'alerts') },
      { table: 'alerts', reason: 'inverted_timestamps', count: spanSum(alerts, 'alerts', spec, ALERT_FIELDS.inverted) },
      { table: 'alerts', reason: 'unknown_severity', count: spanSum(alerts, 'alerts', spec, ALERT_FIELDS.unknownSeverity) },
    );
  }
  return rows;
}
