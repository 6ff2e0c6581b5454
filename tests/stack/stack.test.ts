/**
 * End-to-end: seeded PostgreSQL -> exporter -> Prometheus (provisioned rules) -> Alertmanager
 * (provisioned routes and inhibitions) -> webhook receivers, all real, on 127.0.0.1.
 * Run with `npm run test:stack` (not part of `npm test`).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { committedDashboards, queriesOf, substitute, variablesOf } from '../provisioning/dashboard-queries.ts';
import { instantQuery } from './prom-api.ts';
import { tail, waitFor } from './processes.ts';
import { startStack, type Stack } from './stack-env.ts';
import type { Notification } from './webhook.ts';

const RUNBOOKS = 'https://github.com/ecm-adoption/ecm-adoption/blob/main/docs/runbooks/';
const LOCATION = 'loc-01'; // has its own on-call receiver (oncall-loc-01) in alertmanager.yml
const ALERT_ID = 'stack-test-falls-sensor-1';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  if (stack) process.stdout.write(`stack logs kept in ${stack.logDir}\n`);
  await stack?.stop();
});

async function sql(text: string, values: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: stack.cluster.url });
  await client.connect();
  try {
    await client.query(text, values);
  } finally {
    await client.end();
  }
}

function alertsIn(n: Notification, alertname: string): Notification['alerts'] {
  return n.alerts.filter((a) => a.labels['alertname'] === alertname);
}

function logs(): string {
  return [stack.exporter, stack.prometheus, stack.alertmanager].map((m) => `--- ${m.name}:\n${tail(m, 15)}`).join('\n');
}

describe('the provisioned stack on a seeded database', () => {
  it('1. Prometheus scrapes the exporter: target up', async () => {
    const up = await waitFor('up{job="ecm-adoption-exporter"} == 1', 30_000, async () => {
      const samples = await instantQuery(stack.prometheusUrl, 'up{job="ecm-adoption-exporter"} == 1');
      return samples.length === 1 ? samples : undefined;
    }).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${logs()}`);
    });
    expect(up[0]?.value).toBe(1);
  });

  /**
   * The weekly trend queries read `offset -4d` (the Monday that closes the week Grafana's step
   * lands on): a stack minutes old has no such week, so they are evaluated 4 days back, where
   * the offset reads the data scraped now. The trend itself is checked against history in the
   * panel's browser test (dashboardFrames).
   */
  const evaluationTime = (expr: string): number | undefined => {
    const ahead = /offset -(\d+)d/.exec(expr)?.[1];
    return ahead === undefined ? undefined : Date.now() / 1000 - Number(ahead) * 86_400;
  };

  it('2. every PromQL expression of every provisioned dashboard returns data', async () => {
    const dashboards = committedDashboards();
    const values: Record<string, string> = {};
    for (const variable of dashboards.flatMap(variablesOf)) {
      if (values[variable.name] !== undefined) continue;
      const options = await waitFor(`values of $${variable.name}`, 30_000, async () => {
        const samples = await instantQuery(stack.prometheusUrl, `count by (${variable.label}) (${variable.metric})`);
        const found = samples.map((s) => s.metric[variable.label] ?? '').sort();
        return found.length > 0 ? found : undefined;
      });
      values[variable.name] = options.includes(LOCATION) ? LOCATION : (options[0] ?? '');
    }
    const queries = dashboards.flatMap(queriesOf).map((q) => ({ ...q, expr: substitute(q.expr, values) }));
    expect(queries.length).toBeGreaterThan(30);
    // Recording rules and increase() need a few evaluations after the first scrape.
    let empty: string[] = [];
    await waitFor(
      'every dashboard query to return data',
      60_000,
      async () => {
        empty = [];
        for (const q of queries) {
          if ((await instantQuery(stack.prometheusUrl, q.expr, evaluationTime(q.expr))).length === 0)
            empty.push(`${q.dashboard} / ${q.panel} / ${q.refId}: ${q.expr}`);
        }
        return empty.length === 0 ? true : undefined;
      },
      2_000,
    ).catch(() => undefined);
    expect(empty, `queries without data (variables ${JSON.stringify(values)})`).toEqual([]);
  });

  it('3. an unacknowledged critical falls-sensor alert pages the location on-call lead; acknowledging resolves it', async () => {
    // Start from a clean slate at this location: acknowledge what the seed left open.
    await sql(
      `UPDATE ecm.alerts SET acknowledged_at = LEAST(now(), raised_at + interval '1 minute'), acknowledged_by = 'stack-test'
               WHERE location_id = $1 AND acknowledged_at IS NULL`,
      [LOCATION],
    );
    await waitFor(`no unacknowledged high/critical alert at ${LOCATION}`, 30_000, async () => {
      const open = await instantQuery(stack.prometheusUrl, `ALERTS{alertname="EcmAlertsUnacknowledgedPastTarget",location="${LOCATION}"}`);
      const gauge = await instantQuery(stack.prometheusUrl, `sum(ecm_adoption_alerts_unacknowledged{location="${LOCATION}",severity=~"high|critical"})`);
      return open.length === 0 && gauge[0]?.value === 0 ? true : undefined;
    });

    const insertedAt = Date.now();
    // Raised 10 minutes ago: already past the 3-minute critical target.
    await sql(
      `INSERT INTO ecm.alerts (alert_id, location_id, source, severity, raised_at)
               VALUES ($1, $2, 'falls_sensor', 'critical', now() - interval '10 minutes')`,
      [ALERT_ID, LOCATION],
    );
    const firing = await waitFor('the firing notification to oncall-loc-01', 60_000, async () =>
      stack.sink.received.find(
        (n) =>
          n.at >= insertedAt &&
          n.path === `/oncall/${LOCATION}` &&
          alertsIn(n, 'EcmAlertsUnacknowledgedPastTarget').some((a) => a.status === 'firing' && a.labels['care_alert_severity'] === 'critical'),
      ),
    );
    const fireToNotification = (firing.at - insertedAt) / 1000;
    process.stdout.write(`\nfire-to-notification: ${fireToNotification.toFixed(1)} s (insert of the alert row -> webhook at oncall-loc-01)\n`);
    expect(fireToNotification).toBeLessThan(60);
    expect(firing.receiver).toBe('oncall-loc-01');
    const alert = alertsIn(firing, 'EcmAlertsUnacknowledgedPastTarget').find((a) => a.labels['care_alert_severity'] === 'critical');
    expect(alert?.labels).toMatchObject({ location: LOCATION, category: 'safety', severity: 'critical' });
    expect(alert?.annotations['summary']).toBe(`1 critical alert(s) unacknowledged past target at ${LOCATION}`);
    expect(alert?.annotations['runbook_url']).toBe(`${RUNBOOKS}EcmAlertsUnacknowledgedPastTarget.md`);
    // Only loc-01's on-call lead got it.
    const elsewhere = stack.sink.received.filter(
      (n) =>
        n.at >= insertedAt &&
        n.path !== `/oncall/${LOCATION}` &&
        n.alerts.some((a) => a.labels['location'] === LOCATION && a.labels['alertname'] === 'EcmAlertsUnacknowledgedPastTarget'),
    );
    expect(elsewhere).toEqual([]);

    const acknowledgedAt = Date.now();
    await sql(`UPDATE ecm.alerts SET acknowledged_at = now(), acknowledged_by = 'stack-test' WHERE alert_id = $1`, [ALERT_ID]);
    const resolved = await waitFor('the resolved notification to oncall-loc-01', 60_000, async () =>
      stack.sink.received.find(
        (n) =>
          n.at >= acknowledgedAt &&
          n.path === `/oncall/${LOCATION}` &&
          alertsIn(n, 'EcmAlertsUnacknowledgedPastTarget').some((a) => a.status === 'resolved' && a.labels['care_alert_severity'] === 'critical'),
      ),
    );
    process.stdout.write(`acknowledge-to-resolved: ${((resolved.at - acknowledgedAt) / 1000).toFixed(1)} s\n`);
  });

  it('4. stopping PostgreSQL tells IT (platform alert) and each on-call lead once that safety monitoring is degraded; no flood', async () => {
    const stoppedAt = Date.now();
    stack.cluster.stop();
    const since = (): string =>
      JSON.stringify(stack.sink.received.filter((n) => n.at >= stoppedAt).map((n) => [n.path, n.status, n.alerts.map((a) => a.labels['alertname'])]));
    const platform = await waitFor(
      'EcmAdoptionRefreshFailing at the IT receiver',
      180_000,
      async () =>
        stack.sink.received.find(
          (n) => n.at >= stoppedAt && n.path === '/it' && n.alerts.some((a) => a.status === 'firing' && a.labels['alertname'] === 'EcmAdoptionRefreshFailing'),
        ),
      1_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\nreceived since the stop: ${since()}\n${logs()}`);
    });
    const names = [...new Set(platform.alerts.map((a) => a.labels['alertname']))];
    process.stdout.write(`database stop -> IT notified in ${((platform.at - stoppedAt) / 1000).toFixed(1)} s: ${names.join(', ')}\n`);
    expect(platform.receiver).toBe('it-team');
    // The exporter must outlive the database: still scraped, reporting its failing refresh.
    expect(stack.exporter.child.exitCode, `exporter exited:\n${tail(stack.exporter)}`).toBeNull();
    expect(await instantQuery(stack.prometheusUrl, 'up{job="ecm-adoption-exporter"} == 1')).toHaveLength(1);
    // The on-call lead of the location learns that nothing can page them now.
    const degraded = await waitFor(
      `EcmSafetyMonitoringDegraded at /oncall/${LOCATION}`,
      180_000,
      async () =>
        stack.sink.received.find(
          (n) => n.at >= stoppedAt && n.path === `/oncall/${LOCATION}` && alertsIn(n, 'EcmSafetyMonitoringDegraded').some((a) => a.status === 'firing'),
        ),
      1_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\nreceived since the stop: ${since()}\n${logs()}`);
    });
    process.stdout.write(`database stop -> on-call told safety monitoring is degraded in ${((degraded.at - stoppedAt) / 1000).toFixed(1)} s\n`);
    expect(alertsIn(degraded, 'EcmSafetyMonitoringDegraded')[0]?.annotations['last_fresh_data']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000 UTC$/);
    // Nothing else about care went to on-call leads or managers meanwhile: no "resolved" flood.
    const dataNotifications = stack.sink.received.filter((n) => n.at >= stoppedAt && (n.path.startsWith('/oncall/') || n.path.startsWith('/governance/')));
    const other = dataNotifications.filter((n) => n.alerts.some((a) => a.labels['alertname'] !== 'EcmSafetyMonitoringDegraded' || a.status !== 'firing'));
    expect(other.map((n) => `${n.path} ${n.status} ${n.alerts.map((a) => a.labels['alertname']).join(',')}`)).toEqual([]);
    // The inhibition source itself reached no one.
    expect(stack.sink.received.some((n) => n.alerts.some((a) => a.labels['alertname'] === 'EcmAdoptionDataUnreliable'))).toBe(false);
  });
});
