/**
 * The alert and dashboard lists people read (provisioning/README.md, docs/runbooks/README.md,
 * docs/operations.md) must be exactly what is provisioned: every alert of the rule files with its
 * runbook and the receivers Alertmanager really routes it to, every dashboard of the dashboards
 * folder, no more. A rule or dashboard added without its documentation fails here.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DASHBOARD_JSON_DIR } from './dashboard-queries.ts';
import { PROVISIONING, REPO, alertRules, isRecord, runTool } from './support.ts';

const RUNBOOKS = path.join(REPO, 'docs/runbooks');
const ALERTMANAGER = path.join(PROVISIONING, 'alertmanager/alertmanager.yml');

/**
 * The receivers amtool routes an alert to, for a location with no route of its own (`loc-99`:
 * the one a newly added location has). `instance` and `data_source` are set as the exporter's
 * rules set them, so the inhibition-only alert takes its real route.
 */
function receiversOf(alert: string, labels: { category: string; severity: string }): string {
  const result = runTool('amtool', [
    'config',
    'routes',
    'test',
    `--config.file=${ALERTMANAGER}`,
    `alertname=${alert}`,
    `category=${labels.category}`,
    `severity=${labels.severity}`,
    'location=loc-99',
    'instance=exporter:9187',
    'data_source=ecm',
  ]);
  if (result.status !== 0) throw new Error(`amtool routes test ${alert}: ${result.stderr}`);
  return result.stdout.trim();
}

/** The rows of the Markdown table that follows `heading` (up to the next heading). */
function tableRows(file: string, heading: string): string[][] {
  const text = `\n${readFileSync(file, 'utf8')}`;
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`${file}: no "${heading}" section`);
  const section = text.slice(start + heading.length + 2).split(/\n#{1,6} /)[0] ?? '';
  const rows = section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !/^\| -/.test(line))
    .map((line) =>
      line
        .slice(2, -2)
        .split(' | ')
        .map((cell) => cell.trim()),
    );
  return rows.slice(1); // the header row
}

function unquote(cell: string | undefined): string {
  return (cell ?? '').replace(/^`|`$/g, '');
}

/** One entry per alert name: a name may have several rules (never with different labels here). */
function provisionedAlerts(): Map<string, { category: string; severity: string }> {
  const byName = new Map<string, { category: string; severity: string }>();
  for (const rule of alertRules()) {
    const labels = { category: rule.labels['category'] ?? '', severity: rule.labels['severity'] ?? '' };
    const known = byName.get(rule.alert);
    if (known) expect(known, `${rule.alert}: its rules disagree on category/severity`).toEqual(labels);
    byName.set(rule.alert, labels);
  }
  return byName;
}

describe('documented lists equal what is provisioned', () => {
  const alerts = provisionedAlerts();
  const names = [...alerts.keys()].sort();

  it('finds the alerts of the rule files (the list can fail)', () => {
    expect(names.length).toBeGreaterThanOrEqual(19);
    expect(names).toContain('EcmSafetyMonitoringDegraded');
  });

  it('provisioning/README.md "## Alerts" lists every alert once, with its category / severity', () => {
    const rows = tableRows(path.join(PROVISIONING, 'README.md'), '## Alerts');
    const listed = rows.map((row) => unquote(row[0]));
    expect([...listed].sort()).toEqual(names);
    expect(new Set(listed).size).toBe(listed.length);
    for (const row of rows) {
      const alert = alerts.get(unquote(row[0]));
      expect(row[1], unquote(row[0])).toBe(`${alert?.category ?? '?'} / ${alert?.severity ?? '?'}`);
    }
  });

  it('docs/runbooks/README.md lists every alert once, linked to its page, with its category', () => {
    const rows = tableRows(path.join(RUNBOOKS, 'README.md'), '# Runbooks');
    const listed = rows.map((row) => /^\[(\w+)\]\((\w+)\.md\)$/.exec(row[0] ?? ''));
    for (const [i, match] of listed.entries()) {
      expect(match, `row ${i + 1}: ${rows[i]?.[0] ?? ''}`).not.toBeNull();
      expect(match?.[1]).toBe(match?.[2]);
      const alert = alerts.get(match?.[1] ?? '');
      expect((rows[i]?.[1] ?? '').split(' ')[0], match?.[1]).toBe(alert?.category);
    }
    expect(listed.map((match) => match?.[1] ?? '').sort()).toEqual(names);
  });

  it('docs/operations.md "## What pages whom" lists every alert once, its runbook and its real receivers', () => {
    const rows = tableRows(path.join(REPO, 'docs/operations.md'), '## What pages whom');
    const listed = rows.map((row) => unquote(row[0]));
    expect([...listed].sort()).toEqual(names);
    expect(new Set(listed).size).toBe(listed.length);
    for (const row of rows) {
      const name = unquote(row[0]);
      const labels = alerts.get(name) ?? { category: '?', severity: '?' };
      expect(row[1], name).toBe(`${labels.category} / ${labels.severity}`);
      expect(row[2], name).toBe(`[${name}](runbooks/${name}.md)`);
      expect(unquote(row[3]), name).toBe(receiversOf(name, labels));
    }
  });

  it('receiversOf can tell receivers apart (the check can fail)', () => {
    expect(receiversOf('EcmTasksOverdue', { category: 'safety', severity: 'warning' })).toBe('oncall-catch-all');
    expect(receiversOf('EcmAdoptionExporterDown', { category: 'platform', severity: 'critical' })).toBe('it-team');
  });

  it('docs/runbooks has one page per alert and no page for an alert that does not exist', () => {
    const pages = readdirSync(RUNBOOKS)
      .filter((name) => name.endsWith('.md') && name !== 'README.md')
      .map((name) => name.slice(0, -3))
      .sort();
    expect(pages).toEqual(names);
  });

  it('provisioning/README.md "## Dashboards" lists every dashboard of the dashboards folder, by uid and title', () => {
    const files = readdirSync(DASHBOARD_JSON_DIR).filter((name) => name.endsWith('.json'));
    const provisioned = files
      .map((file) => {
        const json: unknown = JSON.parse(readFileSync(path.join(DASHBOARD_JSON_DIR, file), 'utf8'));
        if (!isRecord(json)) throw new Error(`${file}: not a JSON object`);
        return `${String(json['uid'])} | ${String(json['title'])}`;
      })
      .sort();
    expect(provisioned.length).toBeGreaterThanOrEqual(6);
    const rows = tableRows(path.join(PROVISIONING, 'README.md'), '## Dashboards');
    expect(rows.map((row) => `${unquote(row[0])} | ${row[1] ?? ''}`).sort()).toEqual(provisioned);
  });
});
