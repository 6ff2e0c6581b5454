/**
 * The group-wide view (provisioning/prometheus/group/, grafana/group/): the agent and central
 * configs pass promtool, the group roll-ups pass their promtool tests, and the group dashboard
 * is what src/dashboards/group.ts generates, its queries valid PromQL. The stack test
 * (tests/stack/group.test.ts) runs the same files with real agents and a central Prometheus.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { GROUP_UID, groupDashboard } from '../../provisioning/src/dashboards/group.ts';
import { renderDashboard } from '../../provisioning/src/dashboards/index.ts';
import { queriesOf, substitute } from './dashboard-queries.ts';
import { PROVISIONING, isRecord, readYaml, runTool, tempDir } from './support.ts';

const GROUP = path.join(PROVISIONING, 'prometheus/group');
const DASHBOARD_FILE = path.join(PROVISIONING, 'grafana/group/group.json');

describe('group-wide view: agent, central store, roll-ups, dashboard', () => {
  it('promtool accepts agent.yml as an agent-mode config and central.yml with its rule file', () => {
    const agent = runTool('promtool', ['check', 'config', '--agent', path.join(GROUP, 'agent.yml')]);
    expect(agent.status, agent.stdout + agent.stderr).toBe(0);
    const central = runTool('promtool', ['check', 'config', path.join(GROUP, 'central.yml')]);
    expect(central.status, central.stdout + central.stderr).toBe(0);
    expect(central.stdout).toContain('1 rule files found');
  });

  it('every agent labels its series with its site and forwards only the exporter series', () => {
    const agent = readYaml(path.join(GROUP, 'agent.yml'));
    if (!isRecord(agent) || !isRecord(agent['global'])) throw new Error('agent.yml has no global section');
    expect(agent['global']['external_labels']).toEqual({ site: '${ECM_SITE}' });
    expect(agent).not.toHaveProperty('rule_files');
    const writes = Array.isArray(agent['remote_write']) ? agent['remote_write'].filter(isRecord) : [];
    expect(writes.map((w) => w['url'])).toEqual(['http://central-prometheus:9090/api/v1/write']);
    expect(writes[0]?.['write_relabel_configs']).toEqual([{ source_labels: ['__name__'], regex: 'ecm_adoption_.+|up', action: 'keep' }]);
  });

  it('promtool test rules group.test.yml passes', () => {
    const result = runTool('promtool', ['test', 'rules', 'group.test.yml'], path.join(GROUP, 'tests'));
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toContain('SUCCESS');
  });

  it('the committed group dashboard is what src/dashboards/group.ts generates (npm run provisioning:dashboards)', () => {
    expect(readFileSync(DASHBOARD_FILE, 'utf8')).toBe(renderDashboard(groupDashboard));
    expect(groupDashboard().uid).toBe(GROUP_UID);
  });

  it('every group dashboard query is valid PromQL and reads a group roll-up', () => {
    const json: unknown = JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8'));
    if (!isRecord(json)) throw new Error('group.json: not an object');
    const queries = queriesOf({ file: 'group.json', json }).map((q) => substitute(q.expr, { site: 'north' }));
    expect(queries).toHaveLength(8);
    for (const expr of queries) expect(expr).toMatch(/site:|site_indicator_window:|:group/);
    const file = path.join(tempDir('ecm-group-promql-'), 'group-queries.yml');
    writeFileSync(file, stringify({ groups: [{ name: 'group-queries', rules: queries.map((expr, i) => ({ record: `group_query_${i}`, expr })) }] }));
    const result = runTool('promtool', ['check', 'rules', file]);
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });
});
