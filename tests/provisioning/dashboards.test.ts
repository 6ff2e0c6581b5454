import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { DASHBOARDS, renderDashboard } from '../../provisioning/src/dashboards/index.ts';
import { PANEL_PLUGIN_ID, UIDS } from '../../provisioning/src/dashboards/kit.ts';
import { DASHBOARD_JSON_DIR, committedDashboards, panelsOf, queriesOf, substitute, variablesOf } from './dashboard-queries.ts';
import { isRecord, runTool, tempDir } from './support.ts';

const dashboards = committedDashboards();
// Example values: any label value parses the same; the stack test uses real ones.
const EXAMPLE = { location: 'loc-01', indicator: 'task_on_time' };

describe('provisioned dashboards', () => {
  it('the committed JSON is what src/dashboards generates (npm run provisioning:dashboards)', () => {
    const files = readdirSync(DASHBOARD_JSON_DIR)
      .filter((name) => name.endsWith('.json'))
      .sort();
    expect(files).toEqual(DASHBOARDS.map((d) => d.file).sort());
    for (const { file, build } of DASHBOARDS) {
      expect(readFileSync(path.join(DASHBOARD_JSON_DIR, file), 'utf8'), `${file} is stale`).toBe(renderDashboard(build));
    }
  });

  it('has the six fixed uids, each linking to the five others with the variables carried', () => {
    expect(dashboards.map((d) => d.json['uid']).sort()).toEqual(Object.values(UIDS).sort());
    for (const { json } of dashboards) {
      const links = Array.isArray(json['links']) ? json['links'].filter(isRecord).filter((l) => String(l['url']).startsWith('/d/')) : [];
      expect(links.map((l) => l['url']).sort()).toEqual(
        Object.values(UIDS)
          .filter((uid) => uid !== json['uid'])
          .map((uid) => `/d/${uid}`)
          .sort(),
      );
      for (const link of links) expect(link['includeVars']).toBe(true);
    }
  });

  it('every panel query and variable is valid PromQL (promtool check rules)', () => {
    const rules = dashboards.flatMap((d) => [
      ...queriesOf(d).map((q) => substitute(q.expr, EXAMPLE)),
      ...variablesOf(d).map((v) => `count by (${v.label}) (${v.metric})`),
    ]);
    expect(rules.length).toBeGreaterThan(30);
    const file = path.join(tempDir('ecm-dashboard-promql-'), 'dashboard-queries.yml');
    writeFileSync(file, stringify({ groups: [{ name: 'dashboard-queries', rules: rules.map((expr, i) => ({ record: `dashboard_query_${i}`, expr })) }] }));
    const result = runTool('promtool', ['check', 'rules', file]);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain(`SUCCESS: ${rules.length} rules found`);
  });

  it('uses the adoption panel in the views the issue asks for, fed by all six families', () => {
    const views = dashboards.flatMap(({ file, json }) =>
      panelsOf(json)
        .filter((panel) => panel['type'] === PANEL_PLUGIN_ID)
        .map((panel) => {
          const refIds = Array.isArray(panel['targets']) ? panel['targets'].filter(isRecord).map((t) => t['refId']) : [];
          expect(refIds).toEqual(['ratio', 'threshold', 'status', 'suppressed', 'info', 'phase', 'ratio_weekly', 'threshold_weekly', 'phase_weekly']);
          return `${file}:${isRecord(panel['options']) ? String(panel['options']['view']) : ''}`;
        }),
    );
    expect(views).toEqual(['overview.json:scorecard', 'wallboard.json:wallboard', 'location.json:trend']);
  });

  it('the wallboard is kiosk-ready: one location, live safety stats, auto refresh', () => {
    const wallboard = dashboards.find((d) => d.file === 'wallboard.json');
    if (!wallboard) throw new Error('no wallboard');
    expect(wallboard.json['refresh']).toBe('30s');
    expect(variablesOf(wallboard).map((v) => v.name)).toEqual(['location']);
    const stats = queriesOf(wallboard)
      .filter((q) => q.instant && q.expr.startsWith('sum('))
      .map((q) => q.expr);
    expect(stats).toEqual([
      'sum(ecm_adoption_alerts_unacknowledged{location=~"$location"})',
      'sum(ecm_adoption_tasks_overdue{location=~"$location"})',
      'sum(ecm_adoption_shifts_without_activity{location=~"$location"})',
    ]);
  });
});
