/**
 * Runs one fault drill on its own stack: healthy baseline, fault at t0 (and a new unacknowledged
 * critical care alert inserted straight into PostgreSQL), then the webhook inboxes are watched for
 * the first safety notification at the location's on-call lead and the first platform
 * notification at IT, for at most 5 minutes.
 */
import type { Cluster } from './postgres.ts';
import { instantQuery } from './prom-api.ts';
import { tail, waitFor } from './processes.ts';
import { DEGRADED, REAL_ALERT, type DrillContext, type Scenario } from './drill-scenarios.ts';
import { startStack, type Stack } from './stack-env.ts';
import type { Notification } from './webhook.ts';

/** The small profile's only location; it has its own on-call receiver (oncall-loc-01). */
export const LOCATION = 'loc-01';
export const ONCALL_PATH = `/oncall/${LOCATION}`;
export const DEADLINE_SECONDS = 300;

export interface Arrival {
  seconds: number;
  alertnames: string[];
  notification: Notification;
}

export interface DrillResult {
  scenario: Scenario;
  oncall: Arrival | undefined;
  it: Arrival | undefined;
  /** Every notification received from t0 on: path, status, alert names. */
  received: string[];
  durationSeconds: number;
  /** Unix ms of the fault (and of the care alert's insert). */
  t0: number;
  logDir: string;
  logs: string;
}

/** Scrape and evaluation every 5 s: a condition needs a few rounds to settle. */
const BASELINE_TIMEOUT_MS = 180_000;

async function count(stack: Stack, expr: string): Promise<number> {
  return (await instantQuery(stack.prometheusUrl, expr)).length;
}

/** Healthy: nothing unacknowledged, fresh data from both sources, the location known, nothing degraded. */
async function healthyBaseline(stack: Stack): Promise<void> {
  await stack.sql(`UPDATE ecm.alerts SET acknowledged_at = LEAST(now(), raised_at + interval '1 minute'), acknowledged_by = 'fault-drill'
                   WHERE acknowledged_at IS NULL`);
  await waitFor(
    'a healthy baseline',
    BASELINE_TIMEOUT_MS,
    async () => {
      const checks = await Promise.all([
        count(stack, 'instance:ecm_adoption_safety_monitoring_degraded:bool == 0'),
        count(stack, `instance_location:ecm_adoption_safety_monitored:known{location="${LOCATION}"}`),
        count(stack, 'ecm_adoption_exporter_source_up == 1'),
        count(stack, `sum(ecm_adoption_alerts_unacknowledged{location="${LOCATION}",severity=~"high|critical"}) == 0`),
        count(stack, `ALERTS{alertname=~"${REAL_ALERT}|${DEGRADED}|EcmAdoptionDataUnreliable"}`),
      ]);
      const [healthy, known, sources, unacknowledged, alerts] = checks;
      return healthy === 1 && known === 1 && sources === 2 && unacknowledged === 1 && alerts === 0 ? true : undefined;
    },
    1_000,
  );
  // The seed's open alerts paged before they were acknowledged: let Alertmanager deliver their
  // resolutions before t0, so what arrives after t0 is the drill's alone.
  await waitFor(
    'Alertmanager to hold no active safety alert',
    BASELINE_TIMEOUT_MS,
    async () => {
      const response = await fetch(`${stack.alertmanagerUrl}/api/v2/alerts?active=true&filter=${encodeURIComponent('category="safety"')}`);
      const body: unknown = await response.json();
      return Array.isArray(body) && body.length === 0 ? true : undefined;
    },
    1_000,
  );
  await waitFor(
    '8 quiet seconds in the inboxes',
    BASELINE_TIMEOUT_MS,
    async () => {
      const last = stack.sink.received.at(-1)?.at ?? 0;
      return Date.now() - last > 8_000 ? true : undefined;
    },
    1_000,
  );
}

/**
 * One line per notification. A resolution is marked "(resolved)" only when it happened after t0:
 * Prometheus re-sends resolved alerts for 15 minutes, so an alert of the same group that the
 * baseline acknowledged can ride along with a later notification ("(resolved before t0)").
 */
function describeNotification(n: Notification, t0: number): string {
  const alert = (a: Notification['alerts'][number]): string => {
    if (a.status !== 'resolved') return a.labels['alertname'] ?? '?';
    return `${a.labels['alertname'] ?? '?'}${a.endsAt >= t0 ? '(resolved)' : '(resolved before t0)'}`;
  };
  return `${((n.at - t0) / 1000).toFixed(1)}s ${n.path} ${n.status} ${[...new Set(n.alerts.map(alert))].join(',')}`;
}

function arrival(notification: Notification | undefined, t0: number, category: string): Arrival | undefined {
  if (!notification) return undefined;
  const alertnames = [
    ...new Set(notification.alerts.filter((a) => a.status === 'firing' && a.labels['category'] === category).map((a) => a.labels['alertname'] ?? '?')),
  ];
  return { seconds: (notification.at - t0) / 1000, alertnames, notification };
}

/**
 * Watches the inboxes until on-call (and, when expected, IT) heard, or 5 minutes after t0.
 * On-call counts from t0; IT from t0 too, or from the exporter's start when the fault is the
 * configuration it started with.
 */
async function watch(stack: Stack, scenario: Scenario, t0: number): Promise<{ oncall: Arrival | undefined; it: Arrival | undefined }> {
  const firingAt = (since: number, path: string, category: string, names?: readonly string[]) =>
    stack.sink.received.find(
      (n) =>
        n.at >= since &&
        n.path === path &&
        n.alerts.some((a) => a.status === 'firing' && a.labels['category'] === category && (!names || names.includes(a.labels['alertname'] ?? ''))),
    );
  const itFrom = scenario.faultAtStart ? stack.exporterStartedAt : t0;
  const deadline = t0 + DEADLINE_SECONDS * 1000;
  for (;;) {
    const oncall = firingAt(t0, ONCALL_PATH, 'safety');
    const it = firingAt(itFrom, '/it', 'platform', scenario.it.length > 0 ? scenario.it : undefined);
    const done = oncall !== undefined && (scenario.it.length === 0 || it !== undefined);
    if (done || Date.now() > deadline) {
      return { oncall: arrival(oncall, t0, 'safety'), it: arrival(it, itFrom, 'platform') };
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export async function runDrill(scenario: Scenario, template: Cluster): Promise<DrillResult> {
  const started = Date.now();
  const ctx: DrillContext = { proxies: new Map() };
  const stack = await startStack({
    name: scenario.id,
    template,
    prepare: (cluster, onStop) => scenario.prepare?.(cluster, ctx, onStop) ?? Promise.resolve({}),
  });
  try {
    await healthyBaseline(stack);
    const t0 = Date.now();
    await scenario.fault?.(stack, ctx);
    // Raised 10 minutes ago: past the 3-minute critical target the moment it is read. Written
    // straight into PostgreSQL, never through the scenario's proxy.
    await stack.sql(
      `INSERT INTO ecm.alerts (alert_id, location_id, source, severity, raised_at)
                     VALUES ($1, $2, 'falls_sensor', 'critical', now() - interval '10 minutes')`,
      [`drill-${scenario.id}`, LOCATION],
    );
    const { oncall, it } = await watch(stack, scenario, t0);
    // A few seconds more, so a notification that should not come (a degraded page in a healthy
    // scenario, a flood of resolutions) is seen.
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const received = stack.sink.received.filter((n) => n.at >= t0).map((n) => describeNotification(n, t0));
    const logs = [stack.exporter, stack.prometheus, stack.alertmanager].map((m) => `--- ${m.name}:\n${tail(m, 12)}`).join('\n');
    return { scenario, oncall, it, received, durationSeconds: (Date.now() - started) / 1000, t0, logDir: stack.logDir, logs };
  } catch (error) {
    const logs = [stack.exporter, stack.prometheus, stack.alertmanager].map((m) => `--- ${m.name}:\n${tail(m, 20)}`).join('\n');
    throw new Error(`${scenario.id}: ${error instanceof Error ? error.message : String(error)}\n${logs}`);
  } finally {
    await stack.stop();
  }
}
