/**
 * Rules, dashboards, panel and docs name only what the exporter publishes: every `ecm_adoption_*`
 * name they mention is a family of the metric catalogue (exporter/src/shared/metrics.ts), a prefix
 * of one, or a recording rule of provisioning/prometheus/rules named level:metric:operation over
 * one. Renaming a family in the catalogue without the rest fails here, once per area, with the
 * file and line of each stale mention. Also: what they read is `stable` in the catalogue.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { METRIC_CATALOGUE, metricDefinition } from '../../exporter/src/shared/metrics.ts';
import { METRIC_NAMES } from '../../plugin/src/data/metrics.ts';
import { AREAS, mentionsIn, recordingRules, type Mention } from './metric-names.ts';
import { tempDir } from './support.ts';

const CATALOGUED = new Set(METRIC_CATALOGUE.map((definition) => definition.name));
/**
 * Quantities the recording rules derive, named in the `metric` part of their level:metric:operation
 * name: Prometheus computes them, the exporter does not publish them.
 */
const DERIVED = new Set(['ecm_adoption_safety_monitoring_degraded', 'ecm_adoption_safety_monitored', 'ecm_adoption_safety_data_timestamp_seconds']);
/** Series Prometheus writes itself, which group roll-ups read (`site:up:min`: is each site's data arriving). */
const PROMETHEUS_OWN = new Set(['up']);
const RECORDED = recordingRules();

/** Why a mention does not name the catalogue; undefined when it does. */
function problemOf(mention: Mention): string | undefined {
  if (mention.recorded !== undefined) {
    if (!RECORDED.has(mention.recorded)) return 'no recording rule of provisioning/prometheus/rules or group/rules has this name';
    if (!CATALOGUED.has(mention.metric) && !DERIVED.has(mention.metric)) return `recording rule over ${mention.metric}, which is not in the catalogue`;
    return undefined;
  }
  if (mention.metric.endsWith('_')) {
    return METRIC_CATALOGUE.some((definition) => definition.name.startsWith(mention.metric)) ? undefined : 'no catalogue family starts so';
  }
  return CATALOGUED.has(mention.metric) ? undefined : 'not in the metric catalogue (exporter/src/shared/metrics.ts)';
}

function stale(files: readonly string[]): { mentions: number; problems: string[] } {
  const mentions = files.flatMap(mentionsIn);
  const problems = mentions.flatMap((mention) => {
    const problem = problemOf(mention);
    return problem === undefined ? [] : [`${mention.where}: ${mention.text}: ${problem}`];
  });
  return { mentions: mentions.length, problems };
}

describe('metric names outside the exporter are the catalogue’s', () => {
  it('rule files (alerting, recording, promtool tests, Prometheus and Alertmanager config) name only catalogue families', () => {
    const { mentions, problems } = stale(AREAS.rules);
    expect(mentions).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });

  it('dashboards (the JSON and src/dashboards that writes it) name only catalogue families', () => {
    const { mentions, problems } = stale(AREAS.dashboards);
    expect(mentions).toBeGreaterThan(50);
    expect(problems).toEqual([]);
  });

  it('the panel (queries, fixtures, tests, README) names only catalogue families', () => {
    const { mentions, problems } = stale(AREAS.panel);
    expect(mentions).toBeGreaterThan(10);
    expect(problems).toEqual([]);
    // Its queries take the names from the catalogue itself.
    for (const name of Object.values(METRIC_NAMES)) expect(CATALOGUED, name).toContain(name);
  });

  it('docs and runbooks name only catalogue families', () => {
    const { mentions, problems } = stale(AREAS.docs);
    expect(mentions).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });

  it('every recording rule is level:metric:operation over a catalogue family or a quantity the rules derive', () => {
    expect(RECORDED.size).toBeGreaterThanOrEqual(5);
    for (const [record, file] of RECORDED) {
      const match = /^([a-z_]+):([a-z0-9_]+):([a-z0-9_]+)$/.exec(record);
      expect(match, `${file}: ${record}`).not.toBeNull();
      const metric = match?.[2] ?? '';
      expect(CATALOGUED.has(metric) || DERIVED.has(metric) || PROMETHEUS_OWN.has(metric), `${file}: ${record}`).toBe(true);
    }
    // A derived name no recording rule uses any more is a stale allowance.
    for (const derived of DERIVED)
      expect(
        [...RECORDED.keys()].some((record) => record.includes(`:${derived}:`)),
        derived,
      ).toBe(true);
  });

  it('finds a stale name, with its file and line (the checks can fail)', () => {
    const file = path.join(tempDir('ecm-metric-names-'), 'stale.md');
    writeFileSync(file, 'Chart `ecm_adoption_weeks_on_target`,\nor instance:ecm_adoption_tasks_overdue:sum and `ecm_adoption_audit_pass_*`.\n');
    const { problems } = stale([file]);
    expect(problems.map((problem) => problem.replace(/^.*stale\.md/, 'stale.md'))).toEqual([
      'stale.md:1: ecm_adoption_weeks_on_target: not in the metric catalogue (exporter/src/shared/metrics.ts)',
      'stale.md:2: instance:ecm_adoption_tasks_overdue:sum: no recording rule of provisioning/prometheus/rules or group/rules has this name',
    ]);
  });
});

describe('stability', () => {
  it('every family the rules, dashboards or panel read is stable in the catalogue', () => {
    const read = new Set([...[...AREAS.rules, ...AREAS.dashboards].flatMap(mentionsIn).map((mention) => mention.metric), ...Object.values(METRIC_NAMES)]);
    const unstable = [...read].filter((name) => metricDefinition(name)?.stability === 'experimental');
    expect(unstable).toEqual([]);
    expect(read.size).toBeGreaterThan(40);
  });
});
