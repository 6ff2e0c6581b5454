/**
 * The receiver's own metrics, on a registry passed in (never prom-client's global one),
 * so tests and a process hosting two receivers stay apart. Names, help and labels are the
 * catalogue's (../shared/metrics.ts).
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import {
  ISSUE_LOG_ALERTS_TOTAL,
  ISSUE_LOG_LAST_SUCCESS_TIMESTAMP_SECONDS,
  ISSUE_LOG_NOTIFICATIONS_TOTAL,
  ISSUE_LOG_STORE_UP,
  labelNames,
  type MetricDefinition,
} from '../shared/metrics.ts';

export const NOTIFICATION_OUTCOMES = ['recorded', 'rejected', 'store_unavailable'] as const;
export const ALERT_RESULTS = ['created', 'updated', 'seen', 'unchanged', 'ignored', 'id_taken'] as const;

export interface ReceiverMetrics {
  notification(outcome: (typeof NOTIFICATION_OUTCOMES)[number]): void;
  alert(result: (typeof ALERT_RESULTS)[number]): void;
  stored(at: Date): void;
  storeDown(): void;
}

const config = (definition: MetricDefinition, registry: Registry) => ({
  name: definition.name,
  help: definition.help,
  labelNames: labelNames(definition),
  registers: [registry],
});

export function createReceiverMetrics(registry: Registry): ReceiverMetrics {
  const notifications = new Counter(config(ISSUE_LOG_NOTIFICATIONS_TOTAL, registry));
  const alerts = new Counter(config(ISSUE_LOG_ALERTS_TOTAL, registry));
  const lastSuccess = new Gauge(config(ISSUE_LOG_LAST_SUCCESS_TIMESTAMP_SECONDS, registry));
  const up = new Gauge(config(ISSUE_LOG_STORE_UP, registry));
  // Every label value from 0, so rate() and alerts work before the first occurrence.
  for (const outcome of NOTIFICATION_OUTCOMES) notifications.inc({ outcome }, 0);
  for (const result of ALERT_RESULTS) alerts.inc({ result }, 0);
  lastSuccess.set(0);
  up.set(1);
  return {
    notification: (outcome) => notifications.inc({ outcome }),
    alert: (result) => alerts.inc({ result }),
    stored: (at) => {
      lastSuccess.set(at.getTime() / 1000);
      up.set(1);
    },
    storeDown: () => up.set(0),
  };
}
