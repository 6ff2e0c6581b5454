/**
 * The metric catalogue itself (exporter/src/shared/metrics.ts): Prometheus naming, label
 * values equal to what the code publishes, the issue-log receiver's families, the indicators'
 * shared texts, and docs/metrics.md generated from it. Rules, dashboards, panel and docs are
 * checked against it in tests/provisioning/metric-names.test.ts; the demo's exposition in
 * test/golden.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { METRICS_DOC_PATH, renderMetricsDoc } from '../../src/catalogue/metrics-doc.ts';
import { ACTION_KINDS, AUDIT_CRITERIA, ISSUE_CATEGORIES, ISSUE_PRIORITIES } from '../../src/governance/import/logs.ts';
import { GAP_CAUSE_LABELS } from '../../src/governance/measures/audit-pass.ts';
import { BARRIERS } from '../../src/governance/measures/staff-feedback.ts';
import { GOVERNANCE_STORE_STATES } from '../../src/governance/store.ts';
import { INDICATORS } from '../../src/indicators/index.ts';
import { ALERT_SEVERITIES } from '../../src/indicators/settings.ts';
import { ALERT_RESULTS, createReceiverMetrics, NOTIFICATION_OUTCOMES } from '../../src/issue-log/metrics.ts';
import { DOMAINS, LANES, SOURCES } from '../../src/runtime/pipeline.ts';
import { INDICATOR_META } from '../../src/shared/indicators.ts';
import * as catalogue from '../../src/shared/metrics.ts';
import { labelNames, METRIC_CATALOGUE, type MetricDefinition } from '../../src/shared/metrics.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

function valuesOf(definition: MetricDefinition, label: string): readonly string[] | undefined {
  return definition.labels.find((candidate) => candidate.name === label)?.values;
}

describe('metric catalogue', () => {
  it('lists every exported definition once, under a unique name', () => {
    const exported = Object.values(catalogue).filter(
      (value): value is MetricDefinition => typeof value === 'object' && value !== null && 'name' in value && 'type' in value && 'help' in value,
    );
    expect(new Set(exported)).toEqual(new Set(METRIC_CATALOGUE));
    const names = METRIC_CATALOGUE.map((definition) => definition.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThanOrEqual(64);
  });

  it('follows Prometheus naming: one prefix, _total on counters only, base units in the name, snake_case labels', () => {
    for (const definition of METRIC_CATALOGUE) {
      const { name } = definition;
      expect(name, name).toMatch(/^ecm_adoption_[a-z][a-z0-9_]*[a-z0-9]$/);
      expect(name.endsWith('_total'), `${name}: _total exactly on counters`).toBe(definition.type === 'counter');
      expect(name.endsWith('_seconds') || name.endsWith('_timestamp_seconds'), `${name}: unit seconds exactly when named so`).toBe(
        definition.unit === 'seconds',
      );
      expect(name.endsWith('_ratio'), `${name}: unit ratio exactly when named so`).toBe(definition.unit === 'ratio');
      // promtool's lint: no non-base units in a name (the reason weeks_on_target became governance_streak).
      expect(name, name).not.toMatch(/_(weeks|days|hours|minutes|milliseconds|percent)(_|$)/);
      const labels = labelNames(definition);
      expect(new Set(labels).size, name).toBe(labels.length);
      for (const label of labels) expect(label, name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(labels.includes('quantile'), `${name}: quantile only on a summary`).toBe(definition.type === 'summary');
      expect(labels, name).not.toContain('le');
      expect(definition.help, name).toMatch(/^[A-Z0-9].*\.$/);
      for (const label of definition.labels) if (label.values) expect(new Set(label.values).size, `${name}{${label.name}}`).toBe(label.values.length);
    }
  });

  it('has no label that could carry a person: no staff, resident, user or name label', () => {
    const labels = new Set(METRIC_CATALOGUE.flatMap(labelNames));
    for (const label of labels) expect(label).not.toMatch(/staff|resident|user|person|name|email|nhs/);
  });

  it('enumerates exactly the label values the code publishes', () => {
    const c = catalogue;
    expect(valuesOf(c.INDICATOR_RATIO, 'indicator')).toEqual(INDICATORS.map((indicator) => indicator.name));
    expect(valuesOf(c.INDICATOR_INFO, 'title')).toEqual(INDICATORS.map((indicator) => indicator.title));
    expect(valuesOf(c.ALERTS_UNACKNOWLEDGED, 'severity')).toEqual([...ALERT_SEVERITIES]);
    expect(valuesOf(c.ALERT_ACK_TARGET_SECONDS, 'severity')).toEqual([...ALERT_SEVERITIES]);
    expect(valuesOf(c.EXPORTER_REFRESHES_TOTAL, 'lane')).toEqual([...LANES]);
    expect(valuesOf(c.EXPORTER_DATA_TIMESTAMP_SECONDS, 'domain')).toEqual([...DOMAINS]);
    expect(valuesOf(c.EXPORTER_SOURCE_UP, 'source')).toEqual([...SOURCES]);
    expect(valuesOf(c.GOVERNANCE_STORE_STATE, 'state')).toEqual([...GOVERNANCE_STORE_STATES]);
    expect(valuesOf(c.AUDIT_PASS_RATIO, 'criterion')).toEqual([...AUDIT_CRITERIA]);
    expect(valuesOf(c.AUDIT_GAPS, 'cause')).toEqual([...GAP_CAUSE_LABELS]);
    expect(valuesOf(c.FEEDBACK_BARRIERS, 'barrier')).toEqual([...BARRIERS]);
    expect(valuesOf(c.ISSUES_OPEN, 'category')).toEqual([...ISSUE_CATEGORIES]);
    expect(valuesOf(c.ISSUES_OPEN, 'priority')).toEqual([...ISSUE_PRIORITIES]);
    expect(valuesOf(c.CORRECTIVE_ACTIONS_OPEN, 'kind')).toEqual([...ACTION_KINDS]);
    expect(valuesOf(c.ISSUE_LOG_NOTIFICATIONS_TOTAL, 'outcome')).toEqual([...NOTIFICATION_OUTCOMES]);
    expect(valuesOf(c.ISSUE_LOG_ALERTS_TOTAL, 'result')).toEqual([...ALERT_RESULTS]);
  });

  it('declares the issue-log receiver families as the receiver publishes them (name, help, labels)', async () => {
    const registry = new Registry();
    createReceiverMetrics(registry);
    const published = (await registry.getMetricsAsJSON()).map((metric) => ({
      name: metric.name,
      help: metric.help,
      labels: [...new Set(metric.values.flatMap((value) => Object.keys(value.labels)))],
    }));
    const declared = METRIC_CATALOGUE.filter((definition) => definition.publishedBy === 'issue_log_receiver').map((definition) => ({
      name: definition.name,
      help: definition.help,
      labels: labelNames(definition),
    }));
    expect(published).toEqual(declared);
  });

  it("gives the exporter's indicators the shared names, titles, directions and descriptions, in the shared order", () => {
    expect(INDICATORS.map(({ name, title, direction, description }) => ({ name, title, direction, description }))).toEqual(
      INDICATOR_META.map(({ name, title, direction, description }) => ({ name, title, direction, description })),
    );
  });

  it(`${METRICS_DOC_PATH} is what npm run docs:metrics writes from the catalogue`, async () => {
    const committed = await readFile(`${REPO}${METRICS_DOC_PATH}`, 'utf8');
    expect(committed, `${METRICS_DOC_PATH} is stale: npm run docs:metrics`).toBe(renderMetricsDoc(METRIC_CATALOGUE));
    for (const definition of METRIC_CATALOGUE) expect(committed).toContain(`| \`${definition.name}\` |`);
  });
});
