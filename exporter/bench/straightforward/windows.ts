/**
 * The two rolling windows as someone writes them into a sql_exporter or
 * postgres_exporter custom query: a literal list joined to the rows, the time
 * conditions inline. `$1` is the reference time; in such a collector it is
 * `now()`, here a parameter so the comparison with the exporter can fix it.
 *
 * Hours, not days: `now() - interval '7 days'` follows the session's TimeZone
 * across a clock change (167 or 169 hours), while both the exporter's windows
 * and a Prometheus range are exact durations.
 */
export const ROLLING_WINDOWS_JOIN = `(VALUES ('7d', interval '168 hours'), ('28d', interval '672 hours')) AS w(label, span)`;

/** `<column>` lies in the window: [$1 - span, $1). */
export const inWindow = (column: string): string => `${column} >= $1::timestamptz - w.span AND ${column} < $1::timestamptz`;
