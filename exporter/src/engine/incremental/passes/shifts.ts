/**
 * The shifts pass: one grouped read of ecm.shifts, with the staff probes both rota
 * indicators need, for login_coverage, shift_activity_match and the shift and
 * session rows skipped as invalid.
 *
 * Per shift (ended or not, staff known, not inverted): logged in between 30 minutes
 * before the start and the end (LOGIN_COVERAGE_SQL), and any digital trace in
 * [start - 30 min, end + 30 min] (SHIFT_ACTIVITY_MATCH_SQL). Stores, per bucket of
 * starts_at:
 * - `activity`: per bucket of ends_at + 30 min (when a shift is judged): shifts, active;
 * - `logins`: per bucket of ends_at and staff member: logged in for any of those shifts
 *   (login coverage counts distinct staff, so its partial is the set of staff);
 * - `shift_skips`, `session_skips`: rows skipped (NULL end, inverted, no staff id;
 *   sessions ending before they start — these over the 28-day span only).
 *
 * A shift can stay open for hours and its judgement changes with every login, task
 * or note of its staff member until 30 minutes after its end, so the buckets of
 * shifts not yet ended are read again every refresh (openBuckets); no change
 * timestamp is needed. Reads shifts_location_start_cover_idx, sessions_staff_start_idx,
 * tasks_completed_by_idx, notes_staff_recorded_idx and sessions_location_start_idx.
 */
import { SHIFT_SLACK } from '../../../indicators/sql.ts';
import { NO_DETAIL, ORIGIN, RANGES_CTE, type PassSpec } from '../pass-spec.ts';
import type { LocationPartials } from '../stores.ts';

export const SHIFTS_READ_SQL = `WITH ${RANGES_CTE},
shifts AS MATERIALIZED (
  SELECT ranges.idx, ranges.stride, date_bin(ranges.stride, s.starts_at, ${ORIGIN}) AS bucket, s.staff_id, s.starts_at, s.ends_at
  FROM ranges
  CROSS JOIN LATERAL (
    SELECT s.staff_id, s.starts_at, s.ends_at FROM ecm.shifts s
    WHERE s.location_id = ranges.location_id AND s.starts_at >= ranges.starts AND s.starts_at < ranges.ends
    OFFSET 0 -- a fence: one index range scan per range (see indicators/sql.ts)
  ) s
),
probed AS MATERIALIZED (
  SELECT idx, stride, bucket, staff_id, starts_at, ends_at,
    EXISTS (
      SELECT 1 FROM ecm.sessions se
      WHERE se.staff_id = shifts.staff_id AND se.started_at >= shifts.starts_at - ${SHIFT_SLACK} AND se.started_at <= shifts.ends_at
    ) AS logged_in
  FROM shifts
  WHERE ends_at >= starts_at AND staff_id IS NOT NULL
),
judged AS MATERIALIZED (
  SELECT idx, stride, bucket, staff_id, ends_at, logged_in,
    logged_in
    OR EXISTS (SELECT 1 FROM ecm.sessions se WHERE se.staff_id = probed.staff_id AND se.started_at > probed.ends_at AND se.started_at <= probed.ends_at + ${SHIFT_SLACK})
    OR EXISTS (SELECT 1 FROM ecm.tasks t WHERE t.completed_by = probed.staff_id
      AND t.completed_at >= probed.starts_at - ${SHIFT_SLACK} AND t.completed_at <= probed.ends_at + ${SHIFT_SLACK})
    OR EXISTS (SELECT 1 FROM ecm.care_notes n WHERE n.staff_id = probed.staff_id
      AND n.recorded_at >= probed.starts_at - ${SHIFT_SLACK} AND n.recorded_at <= probed.ends_at + ${SHIFT_SLACK}) AS active,
    date_bin(stride, ends_at + ${SHIFT_SLACK} - interval '1 microsecond', ${ORIGIN}) + stride AS activity_matures,
    date_bin(stride, ends_at - interval '1 microsecond', ${ORIGIN}) + stride AS login_matures
  FROM probed
)
SELECT idx AS range, 'activity' AS kind, extract(epoch FROM bucket)::bigint AS bucket, extract(epoch FROM activity_matures)::bigint AS matures,
  count(*)::int AS n1,
  count(*) FILTER (WHERE active)::int AS n2,
  count(*) FILTER (WHERE ends_at + ${SHIFT_SLACK} <= $5)::int AS n3,
  count(*) FILTER (WHERE active AND ends_at + ${SHIFT_SLACK} <= $5)::int AS n4,
  NULL::int AS n5, NULL::int AS n6,
  ${NO_DETAIL}
FROM judged
GROUP BY idx, bucket, activity_matures
UNION ALL
SELECT idx, 'logins', extract(epoch FROM bucket)::bigint, extract(epoch FROM login_matures)::bigint,
  bool_or(logged_in)::int, coalesce(bool_or(logged_in) FILTER (WHERE ends_at <= $5), false)::int, bool_or(ends_at <= $5)::int,
  NULL, NULL, NULL, NULL, staff_id, NULL, NULL
FROM judged
GROUP BY idx, bucket, login_matures, staff_id
UNION ALL
SELECT idx, 'shift_skips', extract(epoch FROM bucket)::bigint, NULL,
  count(*) FILTER (WHERE ends_at IS NULL)::int, count(*) FILTER (WHERE ends_at < starts_at)::int, count(*) FILTER (WHERE staff_id IS NULL)::int,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM shifts
GROUP BY idx, bucket
HAVING count(*) FILTER (WHERE ends_at IS NULL OR ends_at < starts_at OR staff_id IS NULL) > 0
UNION ALL
SELECT ranges.idx, 'session_skips', extract(epoch FROM date_bin(ranges.stride, se.started_at, ${ORIGIN}))::bigint, NULL,
  count(*)::int, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM ranges
CROSS JOIN LATERAL (
  SELECT se.started_at FROM ecm.sessions se
  WHERE ranges.detail AND se.location_id = ranges.location_id AND se.started_at >= ranges.starts AND se.started_at < ranges.ends
    AND se.ended_at < se.started_at
  OFFSET 0
) se
GROUP BY ranges.idx, 2, 3`;

export const SHIFTS_NULLS_SQL = `SELECT 'shifts' AS "table", 'null_timestamp' AS reason, count(*)::int AS rows
FROM ecm.shifts WHERE location_id = ANY($1::text[]) AND starts_at IS NULL
UNION ALL
SELECT 'sessions', 'null_timestamp', count(*)::int FROM ecm.sessions WHERE location_id = ANY($1::text[]) AND started_at IS NULL`;

/** Record fields of the `activity` store. */
export const ACTIVITY_FIELDS = Object.freeze({ shifts: 0, active: 1 });
/** Record fields of the `shift_skips` store. */
export const SHIFT_SKIP_FIELDS = Object.freeze({ endsNull: 0, inverted: 1, staffNull: 2 });

/** Buckets holding a shift whose activity window (until 30 minutes after its end) reaches past `sinceMs`. */
function openShiftBuckets(partials: LocationPartials, sinceMs: number): number[] {
  const open: number[] = [];
  const series = partials.series.get('activity');
  if (!series) return open;
  const { sizeMs } = partials.grid;
  series.forEach(partials.coveredFrom, partials.coveredTo, (bucket, data, start, end) => {
    for (let at = start; at < end; at += 3) {
      if ((data[at] ?? 0) * sizeMs > sinceMs) {
        open.push(bucket);
        return;
      }
    }
  });
  return open;
}

export const shiftsPass: PassSpec = {
  name: 'shifts',
  stores: {
    activity: { kind: 'counts', fields: 2, gated: [true, true] },
    logins: { kind: 'members' },
    shift_skips: { kind: 'counts', fields: 3, gated: [false, false, false] },
    session_skips: { kind: 'counts', fields: 1, gated: [false], spanOnly: true },
  },
  settingsKey: () => '',
  maturityReachMs: () => 0,
  changesSql: undefined,
  nullsSql: SHIFTS_NULLS_SQL,
  readSql: SHIFTS_READ_SQL,
  openBuckets: openShiftBuckets,
  judgesWeeks: false,
};
