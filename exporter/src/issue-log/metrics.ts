/**
 * The receiver's own metrics, on a registry passed in (never prom-client's global one),
 * so tests and a process hosting two receivers stay apart.
 */
import { Counter, Gauge, type Registry } from 'prom-client';

export const RECEIVER_METRIC_NAMES = {
  notifications: 'ecm_adoption_issue_log_notifications_total',
  alerts: 'ecm_adoption_issue_log_alerts_total',
  lastSuccess: 'ecm_adoption_issue_log_last_success_timestamp_seconds',
  up: 'ecm_adoption_issue_log_store_up',
} as const;

export const NOTIFICATION_OUTCOMES = ['recorded', 'rejected', 'store_unavailable'] as const;
export const ALERT_RESULTS = ['created', 'updated', 'seen', 'unchanged', 'ignored', 'id_taken'] as const;

export interface ReceiverMetrics {
  notification(outcome: (typeof NOTIFICATION_OUTCOMES)[number]): void;
  alert(result: (typeof ALERT_RESULTS)[number]): void;
  stored(at: Date): void;
  storeDown(): void;
}

export function createReceiverMetrics(registry: Registry): ReceiverMetrics {
  const n = RECEIVER_METRIC_NAMES;
  const notifications = new Counter({
    name: n.notifications,
    help: 'Alertmanager notifications received, by outcome: recorded (written, or nothing to write), rejected (400: malformed, wrong version or shape), store_unavailable (503, Alertmanager retries).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const alerts = new Counter({
    name: n.alerts,
    help: 'Alerts of recorded notifications, by result: created, updated (status or times), seen (still firing), unchanged, ignored (not a governance alert of this product), id_taken (issue id used by an imported issue).',
    labelNames: ['result'],
    registers: [registry],
  });
  const lastSuccess = new Gauge({
    name: n.lastSuccess,
    help: 'Unix time of the last notification written to the governance store; 0 before the first.',
    registers: [registry],
  });
  const up = new Gauge({
    name: n.up,
    help: '1 when the last write to the governance store succeeded, 0 when it failed; 1 before the first write.',
    registers: [registry],
  });
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
