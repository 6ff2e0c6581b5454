import { WINDOWS_CTE, WINDOW_TOTALS_SELECT } from './sql.ts';
import { indicatorCollector } from './collector.ts';
import { countPartial } from './partial.ts';
import { alertsPass, ALERT_FIELDS } from '../engine/incremental/passes/alerts.ts';
import { ALERT_ACK_ON_TIME } from '../shared/indicators.ts';

/**
 * Alerts raised in the window whose target has passed (raised_at + target < now);
 * numerator: acknowledged within the target. Never-acknowledged alerts are late once
 * mature. Alerts of an unknown severity (no target) and alerts acknowledged before
 * they were raised are skipped. Uses alerts_location_raised_cover_idx.
 */
export const ALERT_ACK_ON_TIME_SQL = `WITH ${WINDOWS_CTE},
ack_target AS (
  SELECT key AS severity, value::float8 * interval '1 second' AS target
  FROM jsonb_each_text($6::jsonb -> 'alertAckTargetSeconds')
),
per_window AS (
  SELECT windows.location_id, windows.label,
    count(*) FILTER (WHERE a.acknowledged_at <= a.raised_at + ack_target.target) AS numerator,
    count(*) AS denominator
  FROM windows
  CROSS JOIN LATERAL (
    SELECT a.severity, a.raised_at, a.acknowledged_at FROM ecm.alerts a
    WHERE a.location_id = windows.location_id AND a.raised_at >= windows.starts AND a.raised_at < windows.ends
    OFFSET 0 -- a fence: keeps one index range scan per window (see sql.ts)
  ) a
  JOIN ack_target ON ack_target.severity = a.severity
  WHERE a.raised_at + ack_target.target < $5
    AND (a.acknowledged_at IS NULL OR a.acknowledged_at >= a.raised_at)
  GROUP BY windows.location_id, windows.label
)
${WINDOW_TOTALS_SELECT}`;

export const alertAckOnTime = indicatorCollector({
  ...ALERT_ACK_ON_TIME,
  sql: ALERT_ACK_ON_TIME_SQL,
  defaultThresholds: { weekly: { target: 0.85, critical: 0.7 }, monthly: { target: 0.9, critical: 0.8 } },
  // Of the alerts judged (known severity, target passed), those acknowledged within the target.
  partial: countPartial({
    pass: alertsPass.name,
    store: 'alerts',
    storeSpec: alertsPass.stores.alerts,
    numerator: ALERT_FIELDS.onTime,
    denominator: ALERT_FIELDS.judged,
  }),
});
