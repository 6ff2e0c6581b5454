/**
 * The shipped inhibit rules on a real Alertmanager 0.25 (127.0.0.1, the config rendered as the
 * stack test renders it): alerts with the labels the rule files give them are POSTed to
 * /api/v2/alerts, and /api/v2/alerts is read back for `status.inhibitedBy`. Each alert's
 * expected sources are worked out by hand from alertmanager.yml:
 *   rule 1  EcmAdoptionDataUnreliable mutes data_source=~ecm|governance with equal instance, data_source
 *   rule 2  EcmAdoptionRefreshFailing mutes EcmAdoptionGovernanceSourceDown with equal instance
 *   rule 3  EcmIndicatorRed mutes EcmIndicatorAmberWholePeriod with equal indicator, location
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, start, stop, tail, waitFor, type Managed } from '../stack/processes.ts';
import { renderAlertmanager } from '../stack/render.ts';
import { startWebhookSink, type WebhookSink } from '../stack/webhook.ts';
import { alertRules, isRecord, requireBinary } from './support.ts';

const JOB = 'ecm-adoption-exporter';

/** An alert as a rule of rules/*.yml would send it: its static labels plus the series' labels. */
function alertOf(alertname: string, series: Record<string, string>): Record<string, string> {
  const rule = alertRules().find((r) => r.alert === alertname);
  if (!rule) throw new Error(`no rule ${alertname} in rules/*.yml`);
  return { alertname, job: JOB, ...series, ...rule.labels };
}

// key -> labels; the keys name each alert in the expectations below.
const ALERTS: Record<string, Record<string, string>> = {
  // Exporter a: ECM down (both data sources unreliable), IT alerts, degraded monitoring.
  'a unreliable ecm': alertOf('EcmAdoptionDataUnreliable', { instance: 'a:9187', data_source: 'ecm' }),
  'a unreliable governance': alertOf('EcmAdoptionDataUnreliable', { instance: 'a:9187', data_source: 'governance' }),
  'a unacknowledged loc-01': alertOf('EcmAlertsUnacknowledgedPastTarget', { instance: 'a:9187', location: 'loc-01', care_alert_severity: 'critical' }),
  'a red loc-01': alertOf('EcmIndicatorRed', { instance: 'a:9187', location: 'loc-01', indicator: 'task_on_time' }),
  'a actions overdue loc-01': alertOf('EcmCorrectiveActionsOverdue', { instance: 'a:9187', location: 'loc-01' }),
  'a degraded loc-01': alertOf('EcmSafetyMonitoringDegraded', { instance: 'a:9187', location: 'loc-01' }),
  'a degraded (no location)': alertOf('EcmSafetyMonitoringDegraded', { instance: 'a:9187' }),
  'a refresh failing': alertOf('EcmAdoptionRefreshFailing', { instance: 'a:9187', source: 'ecm' }),
  'a governance down': alertOf('EcmAdoptionGovernanceSourceDown', { instance: 'a:9187', source: 'governance' }),
  'a exporter down': alertOf('EcmAdoptionExporterDown', { instance: 'a:9187' }),
  'a stale safety': alertOf('EcmAdoptionDataStale', { instance: 'a:9187', domain: 'safety' }),
  // Exporter b: healthy, same alert names at other locations; its governance store is down.
  'b unacknowledged loc-02': alertOf('EcmAlertsUnacknowledgedPastTarget', { instance: 'b:9187', location: 'loc-02', care_alert_severity: 'high' }),
  'b tasks overdue loc-02': alertOf('EcmTasksOverdue', { instance: 'b:9187', location: 'loc-02' }),
  'b governance down': alertOf('EcmAdoptionGovernanceSourceDown', { instance: 'b:9187', source: 'governance' }),
  'b red task_on_time loc-02': alertOf('EcmIndicatorRed', { instance: 'b:9187', location: 'loc-02', indicator: 'task_on_time' }),
  'b amber task_on_time loc-02': alertOf('EcmIndicatorAmberWholePeriod', { instance: 'b:9187', location: 'loc-02', indicator: 'task_on_time' }),
  'b amber login_coverage loc-02': alertOf('EcmIndicatorAmberWholePeriod', { instance: 'b:9187', location: 'loc-02', indicator: 'login_coverage' }),
  // Exporter c: only its governance store is down.
  'c unreliable governance': alertOf('EcmAdoptionDataUnreliable', { instance: 'c:9187', data_source: 'governance' }),
  'c unacknowledged loc-03': alertOf('EcmAlertsUnacknowledgedPastTarget', { instance: 'c:9187', location: 'loc-03', care_alert_severity: 'critical' }),
  'c shifts loc-03': alertOf('EcmShiftsWithoutActivity', { instance: 'c:9187', location: 'loc-03' }),
  'c red loc-03': alertOf('EcmIndicatorRed', { instance: 'c:9187', location: 'loc-03', indicator: 'login_coverage' }),
  'c audit gaps loc-03': alertOf('EcmRecordAuditGapsRepeated', { instance: 'c:9187', location: 'loc-03', criterion: 'complete', window: '28d' }),
  'c review overdue loc-03': alertOf('EcmGovernanceReviewOverdue', { instance: 'c:9187', location: 'loc-03' }),
};

/** Which alerts mute which, by hand from the three rules (alerts not listed: muted by none). */
const EXPECTED: Record<string, string[]> = {
  // rule 1, a's ECM: its safety and indicator alerts; a's governance twin: its evidence alert.
  'a unacknowledged loc-01': ['a unreliable ecm'],
  'a red loc-01': ['a unreliable ecm'],
  'a actions overdue loc-01': ['a unreliable governance'],
  // rule 2: only the same exporter's governance alert (b's stays audible).
  'a governance down': ['a refresh failing'],
  // rule 3: same indicator and location only.
  'b amber task_on_time loc-02': ['b red task_on_time loc-02'],
  // rule 1, c's governance store: its governance evidence only, never its safety or indicator alerts.
  'c audit gaps loc-03': ['c unreliable governance'],
  'c review overdue loc-03': ['c unreliable governance'],
};

let alertmanager: Managed | undefined;
let sink: WebhookSink | undefined;
let url = '';
const dir = mkdtempSync(path.join(tmpdir(), 'ecm-am-inhibition-'));

beforeAll(async () => {
  requireBinary('prometheus-alertmanager');
  sink = await startWebhookSink();
  const port = await freePort();
  const config = renderAlertmanager({ dir, exporterPort: 0, prometheusPort: 0, alertmanagerPort: port, webhookPort: sink.port });
  alertmanager = start({
    name: 'alertmanager',
    command: 'prometheus-alertmanager',
    args: [`--config.file=${config}`, `--storage.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='],
    logDir: dir,
  });
  url = `http://127.0.0.1:${port}`;
  const managed = alertmanager;
  await waitFor('alertmanager ready', 30_000, async () => ((await fetch(`${url}/-/ready`)).ok ? true : undefined)).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${tail(managed)}`);
  });
}, 60_000);

afterAll(async () => {
  if (alertmanager) await stop(alertmanager);
  await sink?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** key -> keys of the alerts that inhibit it, as Alertmanager reports them now. */
async function inhibitions(): Promise<Record<string, string[]>> {
  const response = await fetch(`${url}/api/v2/alerts`);
  const body: unknown = await response.json();
  if (!Array.isArray(body)) throw new Error(`GET /api/v2/alerts: ${JSON.stringify(body)}`);
  const keyOf = (labels: unknown): string =>
    Object.entries(ALERTS).find(
      ([, want]) => isRecord(labels) && Object.entries(want).every(([k, v]) => labels[k] === v) && Object.keys(labels).length === Object.keys(want).length,
    )?.[0] ?? `unknown ${JSON.stringify(labels)}`;
  const byFingerprint = new Map(body.filter(isRecord).map((alert) => [String(alert['fingerprint']), keyOf(alert['labels'])]));
  const result: Record<string, string[]> = {};
  for (const alert of body.filter(isRecord)) {
    const status = isRecord(alert['status']) ? alert['status'] : {};
    const by = Array.isArray(status['inhibitedBy']) ? status['inhibitedBy'].map((fp) => byFingerprint.get(String(fp)) ?? `unknown ${String(fp)}`) : [];
    result[keyOf(alert['labels'])] = by.sort();
  }
  return result;
}

describe('inhibit rules of alertmanager.yml on a real Alertmanager 0.25', () => {
  it('mute exactly the alerts they should', async () => {
    const startsAt = new Date().toISOString();
    const endsAt = new Date(Date.now() + 600_000).toISOString();
    const posted = await fetch(`${url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(Object.values(ALERTS).map((labels) => ({ labels, annotations: { summary: 'test' }, startsAt, endsAt }))),
    });
    expect(posted.status, await posted.text()).toBe(200);
    const expected = Object.fromEntries(Object.keys(ALERTS).map((key) => [key, [...(EXPECTED[key] ?? [])].sort()]));
    let actual: Record<string, string[]> = {};
    // The inhibitor learns of source alerts asynchronously: wait until it has them all.
    await waitFor('Alertmanager to report the expected inhibitions', 20_000, async () => {
      actual = await inhibitions();
      const complete = Object.keys(actual).length === Object.keys(ALERTS).length;
      return complete && Object.entries(expected).every(([key, by]) => JSON.stringify(actual[key]) === JSON.stringify(by)) ? true : undefined;
    }).catch(() => undefined);
    expect(actual).toEqual(expected);
  });

  it('never mutes degraded safety monitoring, a safety alert of another exporter, or one behind a governance failure', async () => {
    const actual = await inhibitions();
    for (const key of [
      'a degraded loc-01',
      'a degraded (no location)',
      'b unacknowledged loc-02',
      'b tasks overdue loc-02',
      'c unacknowledged loc-03',
      'c shifts loc-03',
    ]) {
      expect(actual[key], key).toEqual([]);
    }
    // The degraded notification is delivered: to loc-01's on-call lead and, without location, the catch-all.
    await waitFor('the degraded notifications', 30_000, async () => {
      const paths = new Set(
        (sink?.received ?? []).filter((n) => n.alerts.some((a) => a.labels['alertname'] === 'EcmSafetyMonitoringDegraded')).map((n) => n.path),
      );
      return paths.has('/oncall/loc-01') && paths.has('/oncall/catch-all') ? true : undefined;
    });
  });
});
