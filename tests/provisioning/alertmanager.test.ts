import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROVISIONING, alertRules, isRecord, readYaml, runTool } from './support.ts';

const CONFIG = path.join(PROVISIONING, 'alertmanager/alertmanager.yml');

function routesTest(expected: string, labels: string[]): { status: number; output: string } {
  const result = runTool('amtool', ['config', 'routes', 'test', `--config.file=${CONFIG}`, `--verify.receivers=${expected}`, ...labels]);
  return { status: result.status, output: result.stdout.trim() };
}

describe('alertmanager.yml (amtool)', () => {
  it('amtool check-config accepts it', () => {
    const result = runTool('amtool', ['check-config', CONFIG]);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('SUCCESS');
    expect(result.stdout).toContain('3 inhibit rules');
  });

  it.each([
    [
      'a safety alert for loc-01 goes to loc-01 on-call',
      'oncall-loc-01',
      ['alertname=EcmAlertsUnacknowledgedPastTarget', 'category=safety', 'severity=critical', 'location=loc-01'],
    ],
    [
      'a safety alert for loc-02 goes to loc-02 on-call',
      'oncall-loc-02',
      ['alertname=EcmTasksOverdue', 'category=safety', 'severity=warning', 'location=loc-02'],
    ],
    [
      'a safety alert for an unknown location goes to the catch-all',
      'oncall-catch-all',
      ['alertname=EcmAlertsUnacknowledgedPastTarget', 'category=safety', 'severity=critical', 'location=loc-99'],
    ],
    // Governance reaches both the issue log (continue: true) and the people who act on it.
    [
      'governance goes to the issue log and the managers',
      'issue-log,governance-managers',
      ['alertname=EcmIndicatorRed', 'category=governance', 'severity=warning', 'location=loc-02'],
    ],
    [
      'governance for loc-01 goes to the issue log and its registered manager',
      'issue-log,manager-loc-01',
      ['alertname=EcmIndicatorRed', 'category=governance', 'location=loc-01'],
    ],
    [
      'an organisation-wide governance alert goes to the issue log and the managers',
      'issue-log,governance-managers',
      ['alertname=EcmCorrectiveActionsOverdue', 'category=governance', 'location=organisation'],
    ],
    ['platform goes to IT', 'it-team', ['alertname=EcmAdoptionExporterDown', 'category=platform', 'severity=critical']],
    [
      'the inhibition-only alert goes to no one (ECM)',
      'inhibit-only',
      ['alertname=EcmAdoptionDataUnreliable', 'category=platform', 'severity=info', 'data_source=ecm', 'instance=exporter:9187'],
    ],
    [
      'the inhibition-only alert goes to no one (governance)',
      'inhibit-only',
      ['alertname=EcmAdoptionDataUnreliable', 'category=platform', 'severity=info', 'data_source=governance', 'instance=exporter:9187'],
    ],
    [
      'degraded safety monitoring at loc-01 goes to loc-01 on-call',
      'oncall-loc-01',
      [
        'alertname=EcmSafetyMonitoringDegraded',
        'category=safety',
        'severity=critical',
        'location=loc-01',
        'instance=exporter:9187',
        'job=ecm-adoption-exporter',
      ],
    ],
    [
      'degraded safety monitoring at loc-02 goes to loc-02 on-call',
      'oncall-loc-02',
      [
        'alertname=EcmSafetyMonitoringDegraded',
        'category=safety',
        'severity=critical',
        'location=loc-02',
        'instance=exporter:9187',
        'job=ecm-adoption-exporter',
      ],
    ],
    [
      'degraded safety monitoring at a location without its own route goes to the catch-all',
      'oncall-catch-all',
      ['alertname=EcmSafetyMonitoringDegraded', 'category=safety', 'severity=critical', 'location=loc-99', 'instance=exporter:9187'],
    ],
    [
      'degraded safety monitoring without location (none known) goes to the catch-all',
      'oncall-catch-all',
      ['alertname=EcmSafetyMonitoringDegraded', 'category=safety', 'severity=critical', 'instance=exporter:9187', 'job=ecm-adoption-exporter'],
    ],
    [
      'governance store down goes to IT',
      'it-team',
      ['alertname=EcmAdoptionGovernanceSourceDown', 'category=platform', 'severity=warning', 'source=governance'],
    ],
    [
      'governance store without permission goes to IT',
      'it-team',
      ['alertname=EcmAdoptionGovernanceStoreNoPermission', 'category=platform', 'severity=warning', 'state=no_permission'],
    ],
    ['an alert without a category goes to IT', 'it-team', ['alertname=Something']],
  ])('%s', (_name, receiver, labels) => {
    const result = routesTest(receiver, labels);
    expect(result.status, result.output).toBe(0);
    expect(result.output).toBe(receiver);
  });

  it('routes test fails when the receiver is wrong (the check can fail)', () => {
    const result = routesTest('oncall-loc-01', ['category=governance', 'location=loc-01']);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('manager-loc-01');
  });

  it('governance is muted outside Mon-Fri 08:00-18:00 Europe/London; safety never is', () => {
    const doc = readYaml(CONFIG);
    if (!isRecord(doc) || !isRecord(doc['route']) || !Array.isArray(doc['route']['routes'])) throw new Error('no route tree');
    const routes: unknown[] = doc['route']['routes'];
    const byCategory = new Map<string, Record<string, unknown>>();
    for (const route of routes) {
      if (isRecord(route) && Array.isArray(route['matchers'])) byCategory.set(String(route['matchers'][0]), route);
    }
    expect(byCategory.get('category="governance"')?.['active_time_intervals']).toEqual(['working-hours']);
    // The issue log records governance alerts at any hour, and resolutions too.
    const issueLog = routes.find((route) => isRecord(route) && route['receiver'] === 'issue-log');
    expect(issueLog).toMatchObject({ matchers: ['category="governance"'], continue: true });
    expect(isRecord(issueLog) ? issueLog['active_time_intervals'] : 'missing').toBeUndefined();
    const receivers = Array.isArray(doc['receivers']) ? doc['receivers'] : [];
    expect(receivers.find((receiver) => isRecord(receiver) && receiver['name'] === 'issue-log')).toEqual({
      name: 'issue-log',
      webhook_configs: [{ url: 'http://issue-log-receiver:9188/alerts', send_resolved: true }],
    });
    expect(byCategory.get('category="safety"')?.['active_time_intervals']).toBeUndefined();
    expect(doc['route']['group_by']).toEqual(['alertname', 'location']);
    expect(doc['time_intervals']).toEqual([
      {
        name: 'working-hours',
        time_intervals: [{ weekdays: ['monday:friday'], times: [{ start_time: '08:00', end_time: '18:00' }], location: 'Europe/London' }],
      },
    ]);
  });

  it('inhibition names alerts that exist in the rules', () => {
    const names = new Set(alertRules().map((rule) => rule.alert));
    const text = JSON.stringify(readYaml(CONFIG));
    const referenced = [...text.matchAll(/alertname=~?\\"([^"\\]+)\\"/g)].flatMap((m) => (m[1] ?? '').split('|'));
    expect(referenced.length).toBeGreaterThanOrEqual(6);
    for (const name of referenced) expect(names, name).toContain(name);
  });

  it('commits no secret: passwords and tokens only as *_file paths', () => {
    const text = JSON.stringify(readYaml(CONFIG));
    expect(text).not.toMatch(/"(auth_password|password|credentials|auth_secret|api_key|api_url)":/);
    expect(text).toContain('"smtp_auth_password_file":"/etc/alertmanager/secrets/smtp_password"');
  });
});
