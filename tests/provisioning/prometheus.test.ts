import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UIDS } from '../../provisioning/src/dashboards/kit.ts';
import { PROVISIONING, REPO, alertRules, isRecord, listFiles, readYaml, runTool } from './support.ts';

const PROM = path.join(PROVISIONING, 'prometheus');
const RULE_FILES = listFiles(path.join(PROM, 'rules'), '.yml');
const TEST_FILES = listFiles(path.join(PROM, 'tests'), '.test.yml');
/** Every alert_rule_test case of every promtool test file (YAML anchors resolved). */
function alertCases(): { alertname: string; expected: number }[] {
  return TEST_FILES.flatMap((file) => {
    const doc = readYaml(file);
    const tests = isRecord(doc) && Array.isArray(doc['tests']) ? doc['tests'].filter(isRecord) : [];
    return tests.flatMap((test) =>
      (Array.isArray(test['alert_rule_test']) ? test['alert_rule_test'].filter(isRecord) : []).map((c) => ({
        alertname: String(c['alertname']),
        expected: Array.isArray(c['exp_alerts']) ? c['exp_alerts'].length : -1,
      })),
    );
  });
}

const RUNBOOK_BASE = 'https://github.com/ecm-adoption/ecm-adoption/blob/main/docs/runbooks/';

describe('prometheus config and rules (promtool)', () => {
  it('promtool check config accepts prometheus.yml and the rule files it loads', () => {
    const result = runTool('promtool', ['check', 'config', path.join(PROM, 'prometheus.yml')]);
    expect(result.stderr + result.stdout).not.toMatch(/FAILED/);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`${RULE_FILES.length} rule files found`);
  });

  it('promtool check rules accepts every rule file without warnings', () => {
    const result = runTool('promtool', ['check', 'rules', ...RULE_FILES]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
  });

  it.each(TEST_FILES.map((file) => [path.basename(file), file]))('promtool test rules %s passes', (_name, file) => {
    const result = runTool('promtool', ['test', 'rules', file], path.dirname(file));
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toContain('SUCCESS');
  });
});

describe('alert rule conventions (provisioning/README.md)', () => {
  const rules = alertRules();
  const dashboardUids: string[] = Object.values(UIDS);

  it('finds the alerts of all three categories', () => {
    const categories = new Set(rules.map((rule) => rule.labels['category']));
    expect([...categories].sort()).toEqual(['governance', 'platform', 'safety']);
  });

  it.each(rules.map((rule) => [rule.alert, rule]))('%s has severity, category, annotations and links', (_name, rule) => {
    expect(['critical', 'warning', 'info']).toContain(rule.labels['severity']);
    expect(['safety', 'governance', 'platform']).toContain(rule.labels['category']);
    expect(rule.annotations['summary']).toMatch(/\S/);
    expect(rule.annotations['description']).toMatch(/\{\{ .*\}\}/);
    expect(rule.annotations['runbook_url']).toBe(`${RUNBOOK_BASE}${rule.alert}.md`);
    expect(existsSync(path.join(REPO, 'docs/runbooks', `${rule.alert}.md`)), `docs/runbooks/${rule.alert}.md`).toBe(true);
    const uid = /^http:\/\/localhost:3000\/d\/([a-z-]+)/.exec(rule.annotations['dashboard_url'] ?? '')?.[1];
    expect(dashboardUids).toContain(uid);
    if (rule.labels['category'] !== 'platform') {
      expect(rule.annotations['dashboard_url']).toContain('?var-location={{ $labels.location | urlquery }}');
    }
  });

  it.each(rules.map((rule) => [rule.alert]))('%s is proven to fire and to stay silent by a promtool test', (name) => {
    // Each alert needs a case with expected alerts and one with `exp_alerts: []`.
    const cases = alertCases().filter((c) => c.alertname === name);
    expect(
      cases.some((c) => c.expected > 0),
      `${name} firing case`,
    ).toBe(true);
    expect(
      cases.some((c) => c.expected === 0),
      `${name} silent case`,
    ).toBe(true);
  });
});
