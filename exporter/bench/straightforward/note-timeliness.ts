import type { StraightforwardQuery } from './types.ts';
import { inWindow, ROLLING_WINDOWS_JOIN } from './windows.ts';

/** Notes that occurred in the window; numerator: recorded at most 2 hours after (or before) they occurred. */
export const NOTE_TIMELINESS_PLAIN_SQL = `SELECT n.location_id, w.label AS "window",
  count(*) FILTER (WHERE n.recorded_at - n.occurred_at <= interval '120 minutes')::int AS numerator,
  count(*)::int AS denominator
FROM ecm.care_notes n
JOIN ${ROLLING_WINDOWS_JOIN} ON ${inWindow('n.occurred_at')}
WHERE n.recorded_at IS NOT NULL
GROUP BY n.location_id, w.label`;

export const noteTimelinessPlain: StraightforwardQuery = { indicator: 'note_timeliness', sql: NOTE_TIMELINESS_PLAIN_SQL };
