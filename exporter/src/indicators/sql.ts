/**
 * SQL fragments shared by every indicator query (see IndicatorDefinition in ./types.ts
 * for the parameter list). Keeping the window list in one place means the same query
 * serves the rolling 7d/28d windows and the weekly history.
 */

/*
 * Every query reads each window's rows through `CROSS JOIN LATERAL (... OFFSET 0)`.
 * The planner cannot estimate an unnest()ed window list; without the OFFSET 0 fence
 * it flattens the lateral subquery and, from a few dozen windows on, picks a hash
 * join over a sequential scan of the whole table. With it, each window is one range
 * scan of the (location_id, time) index of the reference schema.
 */

/** `windows(location_id, label, starts, ends)`: one row per window to compute; starts inclusive, ends exclusive. */
export const WINDOWS_CTE = `windows AS (
  SELECT w.location_id, w.label, w.starts, w.ends
  FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[]) AS w(location_id, label, starts, ends)
),
-- Names every parameter once, so each query accepts the same six even when it uses fewer.
params AS (SELECT $5::timestamptz AS now, $6::jsonb AS settings)`;

/**
 * Final select: every requested window yields one row, 0/0 when nothing is in it
 * (it is then suppressed, never left out). `per_window` must have location_id, label,
 * numerator, denominator.
 */
export const WINDOW_TOTALS_SELECT = `SELECT windows.location_id, windows.label AS "window",
  coalesce(per_window.numerator, 0)::int AS numerator,
  coalesce(per_window.denominator, 0)::int AS denominator
FROM windows
LEFT JOIN per_window ON per_window.location_id = windows.location_id AND per_window.label = windows.label
ORDER BY windows.location_id, windows.label`;

/** Minutes of slack around a shift in which a login or digital event still counts as belonging to it. */
export const SHIFT_SLACK = `interval '30 minutes'`;
