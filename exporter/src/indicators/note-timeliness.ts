import { WINDOWS_CTE, WINDOW_TOTALS_SELECT } from './sql.ts';
import { indicatorCollector } from './collector.ts';
import { countPartial } from './partial.ts';
import { careNotesPass, NOTE_FIELDS } from '../engine/incremental/passes/care-notes.ts';
import { NOTE_TIMELINESS } from '../shared/indicators.ts';

/**
 * Notes that occurred in the window; numerator: recorded within the late threshold
 * ($6.noteLateMinutes). A negative delay (recorded before occurred, e.g. a planned
 * handover) is on time. Notes without recorded_at are skipped. Uses notes_location_occurred_cover_idx.
 */
export const NOTE_TIMELINESS_SQL = `WITH ${WINDOWS_CTE},
per_window AS (
  SELECT windows.location_id, windows.label,
    count(*) FILTER (WHERE n.recorded_at - n.occurred_at <= ($6::jsonb ->> 'noteLateMinutes')::float8 * interval '1 minute') AS numerator,
    count(*) AS denominator
  FROM windows
  CROSS JOIN LATERAL (
    SELECT n.occurred_at, n.recorded_at FROM ecm.care_notes n
    WHERE n.location_id = windows.location_id AND n.occurred_at >= windows.starts AND n.occurred_at < windows.ends
      AND n.recorded_at IS NOT NULL
    OFFSET 0 -- a fence: keeps one index range scan per window (see sql.ts)
  ) n
  GROUP BY windows.location_id, windows.label
)
${WINDOW_TOTALS_SELECT}`;

export const noteTimeliness = indicatorCollector({
  ...NOTE_TIMELINESS,
  sql: NOTE_TIMELINESS_SQL,
  defaultThresholds: { weekly: { target: 0.8, critical: 0.6 }, monthly: { target: 0.9, critical: 0.75 } },
  // Of the notes with a recorded time, those recorded within the late threshold.
  partial: countPartial({
    pass: careNotesPass.name,
    store: 'notes',
    storeSpec: careNotesPass.stores.notes,
    numerator: NOTE_FIELDS.timely,
    denominator: NOTE_FIELDS.recorded,
  }),
});
