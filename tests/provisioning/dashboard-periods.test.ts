/**
 * What the dashboards ask Prometheus for (current values instant, history one point per week),
 * the evidence pack links, and the exporter dashboard's freshness colours against the alert rules.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseEvidenceRequest } from '../../exporter/src/evidence/request.ts';
import { DATA_AGE_BOUNDS } from '../../provisioning/src/dashboards/exporter-freshness.ts';
import { EXPORTER_URL_VARIABLE } from '../../provisioning/src/dashboards/evidence-links.ts';
import { PANEL_PLUGIN_ID } from '../../provisioning/src/dashboards/kit.ts';
import { committedDashboards, panelsOf } from './dashboard-queries.ts';
import { PROVISIONING, REPO, isRecord } from './support.ts';

const dashboards = committedDashboards();
const byFile = (file: string): Record<string, unknown> => {
  const found = dashboards.find((d) => d.file === file);
  if (!found) throw new Error(`no ${file}`);
  return found.json;
};
const list = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter(isRecord) : []);

describe('adoption panel queries scale with review periods', () => {
  const adoptionPanels = dashboards.flatMap(({ file, json }) =>
    panelsOf(json)
      .filter((panel) => panel['type'] === PANEL_PLUGIN_ID)
      .map((panel) => ({ file, panel })),
  );

  it('no panel-wide 1 h interval: current values are instant, history is stepped one week', () => {
    expect(adoptionPanels.map((p) => p.file)).toEqual(['overview.json', 'wallboard.json', 'location.json']);
    for (const { file, panel } of adoptionPanels) {
      expect(panel['interval'], file).toBeUndefined();
      for (const target of list(panel['targets'])) {
        const refId = String(target['refId']);
        if (refId.endsWith('_weekly')) {
          expect([target['instant'], target['range'], target['interval']], `${file} ${refId}`).toEqual([false, true, '1w']);
          // Thursday-aligned points read at the Monday 00:00 after them (see kit.ts WEEK_END_OFFSET).
          expect(String(target['expr']), `${file} ${refId}`).toMatch(/^ecm_adoption_[a-z_]+\{[^}]*\} offset -4d$/);
        } else {
          expect([target['instant'], target['range']], `${file} ${refId}`).toEqual([true, false]);
          expect(String(target['expr']), `${file} ${refId}`).toMatch(/^last_over_time\(ecm_adoption_[a-z_]+(\{[^}]*\})?\[1445m\] offset -1d\)$/);
        }
      }
    }
  });

  it('the wallboard asks for no history beyond the panel: 3 stats + 6 instant + 3 weekly queries every 30 s', () => {
    const targets = panelsOf(byFile('wallboard.json')).flatMap((panel) => list(panel['targets']));
    expect(targets.filter((t) => t['instant'] === true)).toHaveLength(9);
    expect(targets.filter((t) => t['range'] === true).map((t) => t['interval'])).toEqual(['1w', '1w', '1w']);
  });
});

describe('links to the evidence pack', () => {
  // What Grafana puts in place of the variables and time macros for a range of 1 Sep to 30 Nov 2026.
  function interpolate(url: string, exporterUrl: string, location: string): string {
    return url
      .replaceAll(`\${${EXPORTER_URL_VARIABLE}}`, exporterUrl)
      .replaceAll('${location:percentencode}', encodeURIComponent(location))
      .replaceAll('${__data.fields.location}', location)
      .replaceAll('${__from:date:YYYY-MM-DD}', '2026-09-01')
      .replaceAll('${__to:date:YYYY-MM-DD}', '2026-11-30');
  }

  function exporterUrlDefault(json: Record<string, unknown>): string {
    const templating = isRecord(json['templating']) ? json['templating'] : {};
    const variable = list(templating['list']).find((v) => v['name'] === EXPORTER_URL_VARIABLE);
    expect(variable?.['type']).toBe('textbox');
    return String(variable?.['query']);
  }

  function expectEvidenceUrl(text: string, location: string): void {
    const url = new URL(text);
    expect(url.pathname).toBe('/evidence');
    expect([...url.searchParams.keys()]).toEqual(['location', 'from', 'to']);
    // The exporter's own parser accepts it as the pack of that location for that period.
    expect(
      parseEvidenceRequest({
        location: url.searchParams.get('location') ?? '',
        from: url.searchParams.get('from') ?? '',
        to: url.searchParams.get('to') ?? '',
      }),
    ).toEqual({ scope: { kind: 'location', locationId: location }, from: '2026-09-01', to: '2026-11-30' });
  }

  it('the exporter URL defaults to where docker-compose.yml publishes the exporter', () => {
    const compose: unknown = parse(readFileSync(path.join(REPO, 'docker-compose.yml'), 'utf8'));
    const services = isRecord(compose) && isRecord(compose['services']) ? compose['services'] : {};
    const exporter = isRecord(services['exporter']) ? services['exporter'] : {};
    const [published] = Array.isArray(exporter['ports']) ? exporter['ports'].map(String) : [];
    // "127.0.0.1:9187:9187": host address and port the browser reaches.
    const [host, port] = (published ?? '').split(':');
    for (const file of ['location.json', 'governance.json']) {
      expect(exporterUrlDefault(byFile(file)), file).toBe(`http://${host}:${port}`);
    }
  });

  it('the location dashboard links to the pack of the chosen location over the time range shown', () => {
    const json = byFile('location.json');
    const evidence = list(json['links']).filter((link) => String(link['url']).includes('/evidence'));
    expect(evidence).toHaveLength(1);
    const [link] = evidence;
    expect([link?.['targetBlank'], link?.['includeVars'], link?.['keepTime']]).toEqual([true, false, false]);
    expectEvidenceUrl(interpolate(String(link?.['url']), exporterUrlDefault(json), 'loc 01/east'), 'loc 01/east');
  });

  it('each row of the governance phase table links to the pack of its location', () => {
    const json = byFile('governance.json');
    const table = panelsOf(json).find((panel) => panel['title'] === 'Governance phase per location');
    const defaults = isRecord(table?.['fieldConfig']) && isRecord(table['fieldConfig']['defaults']) ? table['fieldConfig']['defaults'] : {};
    const links = list(defaults['links']);
    expect(links).toHaveLength(1);
    expect(links[0]?.['targetBlank']).toBe(true);
    expectEvidenceUrl(interpolate(String(links[0]?.['url']), exporterUrlDefault(json), 'loc-02'), 'loc-02');
  });
});

describe('exporter dashboard: databases and data age at the alert bounds', () => {
  function ruleExpr(file: string, name: string): string {
    const doc: unknown = parse(readFileSync(path.join(PROVISIONING, 'prometheus/rules', file), 'utf8'));
    const rules = isRecord(doc) ? list(doc['groups']).flatMap((group) => list(group['rules'])) : [];
    const rule = rules.find((r) => r['alert'] === name || r['record'] === name);
    if (!rule) throw new Error(`${file}: no rule ${name}`);
    return String(rule['expr']);
  }

  it('the colour steps are the multiples of the refresh interval the rules use', () => {
    // EcmAdoptionDataStale: age > 3 * ecm_adoption_exporter_refresh_interval_seconds.
    expect(ruleExpr('platform.yml', 'EcmAdoptionDataStale')).toMatch(
      new RegExp(`\\n\\s*${DATA_AGE_BOUNDS.dataStale} \\* ecm_adoption_exporter_refresh_interval_seconds`),
    );
    // Safety monitoring degraded: safety age > bool 2 * the refresh interval.
    expect(ruleExpr('safety-monitoring.yml', 'instance:ecm_adoption_safety_monitoring_degraded:bool')).toMatch(
      new RegExp(`\\n\\s*${DATA_AGE_BOUNDS.safetyDegraded} \\* max by \\(job, instance\\) \\(ecm_adoption_exporter_refresh_interval_seconds`),
    );
    const panels = panelsOf(byFile('exporter.json'));
    const age = panels.find((panel) => panel['title'] === 'Data age per domain, in refresh intervals');
    const defaults = isRecord(age?.['fieldConfig']) && isRecord(age['fieldConfig']['defaults']) ? age['fieldConfig']['defaults'] : {};
    const thresholds = isRecord(defaults['thresholds']) ? list(defaults['thresholds']['steps']) : [];
    expect(thresholds.map((step) => [step['color'], step['value']])).toEqual([
      ['green', null],
      ['orange', 2],
      ['red', 3],
    ]);
    expect(list(age?.['targets']).map((t) => t['expr'])).toEqual([
      '(time() - (ecm_adoption_exporter_data_timestamp_seconds > 0)) / on (job, instance) group_left () ecm_adoption_exporter_refresh_interval_seconds',
    ]);
  });

  it('shows source_up per source, red at 0 as the source alerts fire', () => {
    const panel = panelsOf(byFile('exporter.json')).find((p) => p['title'] === 'Databases answering');
    expect(list(panel?.['targets']).map((t) => [t['expr'], t['legendFormat']])).toEqual([['ecm_adoption_exporter_source_up', '{{source}}']]);
    expect(ruleExpr('platform.yml', 'EcmAdoptionRefreshFailing')).toBe('ecm_adoption_exporter_source_up{source="ecm"} == 0');
    expect(ruleExpr('platform.yml', 'EcmAdoptionGovernanceSourceDown')).toBe('ecm_adoption_exporter_source_up{source="governance"} == 0');
  });
});
