/**
 * The alerts pass: one grouped read of ecm.alerts for alert_ack_on_time, the
 * acknowledgement-time quantiles and the alert rows skipped as invalid.
 *
 * Store `alerts`, per bucket of raised_at and bucket of maturity (raised_at + the
 * target of its severity): alerts judged (known severity, not acknowledged before
 * raised), acknowledged within the target — counted once mature, as
 * ALERT_ACK_ON_TIME_SQL does — and, always counted, alerts acknowledged before
 * they were raised and alerts of an unknown severity (rows_skipped).
 * Store `ack_delays` (28-day span only): one record per acknowledged alert, the
 * seconds from raised to acknowledged, exactly as ACK_SECONDS_SQL orders them.
 * Reads alerts_location_raised_cover_idx; change discovery reads alerts_location_acknowledged_idx.
 */
import { NO_DETAIL, ORIGIN, RANGES_CTE, type PassSpec } from '../pass-spec.ts';

export const ALERTS_READ_SQL = `WITH ${RANGES_CTE},
-- MATERIALIZED: each target computed once, not per alert in the join.
ack_target AS MATERIALIZED (
  SELECT key AS severity, value::float8 * interval '1 second' AS target
  FROM jsonb_each_text($6::jsonb -> 'alertAckTargetSeconds')
),
alerts AS MATERIALIZED (
  SELECT ranges.idx, ranges.detail, date_bin(ranges.stride, a.raised_at, ${ORIGIN}) AS bucket,
    date_bin(ranges.stride, a.raised_at + ack_target.target, ${ORIGIN}) + ranges.stride AS matures,
    a.raised_at, a.acknowledged_at, ack_target.target,
    ack_target.target IS NOT NULL AND (a.acknowledged_at IS NULL OR a.acknowledged_at >= a.raised_at) AS judged
  FROM ranges
  CROSS JOIN LATERAL (
    SELECT a.severity, a.raised_at, a.acknowledged_at FROM ecm.alerts a
    WHERE a.location_id = ranges.location_id AND a.raised_at >= ranges.starts AND a.raised_at < ranges.ends
    OFFSET 0 -- a fence: one index range scan per range (see indicators/sql.ts)
  ) a
  LEFT JOIN ack_target ON ack_target.severity = a.severity
)
SELECT idx AS range, 'alerts' AS kind, extract(epoch FROM bucket)::bigint AS bucket, extract(epoch FROM matures)::bigint AS matures,
  count(*) FILTER (WHERE judged)::int AS n1,
  count(*) FILTER (WHERE judged AND acknowledged_at <= raised_at + target)::int AS n2,
  count(*) FILTER (WHERE acknowledged_at < raised_at)::int AS n3,
  count(*) FILTER (WHERE target IS NULL)::int AS n4,
  count(*) FILTER (WHERE judged AND raised_at + target < $5)::int AS n5,
  count(*) FILTER (WHERE judged AND raised_at + target < $5 AND acknowledged_at <= raised_at + target)::int AS n6,
  ${NO_DETAIL}
FROM alerts
GROUP BY idx, bucket, matures
UNION ALL
SELECT idx, 'ack_delays', extract(epoch FROM bucket)::bigint, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  floor(extract(epoch FROM raised_at) * 1000)::bigint, NULL, NULL, extract(epoch FROM acknowledged_at - raised_at)::float8
FROM alerts
WHERE detail AND acknowledged_at IS NOT NULL AND acknowledged_at >= raised_at`;

/** Buckets of raised_at of alerts acknowledged after $3. Uses alerts_location_acknowledged_idx. */
export const ALERTS_CHANGES_SQL = `SELECT l.location_id, extract(epoch FROM date_bin(l.bucket_seconds * interval '1 second', a.raised_at, ${ORIGIN}))::bigint AS bucket
FROM unnest($1::text[], $2::int[]) AS l(location_id, bucket_seconds)
CROSS JOIN LATERAL (
  SELECT a.raised_at FROM ecm.alerts a WHERE a.location_id = l.location_id AND a.acknowledged_at > $3::timestamptz
  OFFSET 0
) a
WHERE a.raised_at IS NOT NULL
GROUP BY 1, 2`;

export const ALERTS_NULLS_SQL = `SELECT 'alerts' AS "table", 'null_timestamp' AS reason, count(*)::int AS rows
FROM ecm.alerts WHERE location_id = ANY($1::text[]) AND raised_at IS NULL`;

/** Record fields of the `alerts` store. */
export const ALERT_FIELDS = Object.freeze({ judged: 0, onTime: 1, inverted: 2, unknownSeverity: 3 });

export const alertsPass: PassSpec = {
  name: 'alerts',
  stores: {
    alerts: { kind: 'counts', fields: 4, gated: [true, true, false, false] },
    ack_delays: { kind: 'detail', width: 2, float: true, idFields: [] },
  },
  settingsKey: (settings) => JSON.stringify(settings.alertAckTargetSeconds),
  maturityReachMs: (settings) => Math.max(0, ...Object.values(settings.alertAckTargetSeconds)) * 1000,
  changesSql: ALERTS_CHANGES_SQL,
  nullsSql: ALERTS_NULLS_SQL,
  readSql: ALERTS_READ_SQL,
  judgesWeeks: false,
};
