import type { StraightforwardQuery } from './types.ts';
import { inWindow, ROLLING_WINDOWS_JOIN } from './windows.ts';

const TARGET = `CASE a.severity WHEN 'critical' THEN interval '180 seconds' WHEN 'high' THEN interval '300 seconds'
    WHEN 'medium' THEN interval '900 seconds' WHEN 'low' THEN interval '3600 seconds' END`;

/** Alerts raised in the window whose target has passed; numerator: acknowledged within it. */
export const ALERT_ACK_ON_TIME_PLAIN_SQL = `SELECT a.location_id, w.label AS "window",
  count(*) FILTER (WHERE a.acknowledged_at <= a.raised_at + ${TARGET})::int AS numerator,
  count(*)::int AS denominator
FROM ecm.alerts a
JOIN ${ROLLING_WINDOWS_JOIN} ON ${inWindow('a.raised_at')}
WHERE a.severity IN ('critical', 'high', 'medium', 'low')
  AND a.raised_at + ${TARGET} < $1::timestamptz
  AND (a.acknowledged_at IS NULL OR a.acknowledged_at >= a.raised_at)
GROUP BY a.location_id, w.label`;

export const alertAckOnTimePlain: StraightforwardQuery = { indicator: 'alert_ack_on_time', sql: ALERT_ACK_ON_TIME_PLAIN_SQL };
