/**
 * Pulls every PromQL expression out of provisioned dashboard JSON and substitutes template
 * variables, the way Grafana would before sending a query. Shared by the offline check
 * (promtool) and the stack test (a real Prometheus).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROVISIONING, isRecord } from './support.ts';
import { DASHBOARDS } from '../../provisioning/src/dashboards/index.ts';

export const DASHBOARD_JSON_DIR = path.join(PROVISIONING, 'grafana/dashboards/json');

export interface DashboardQuery {
  dashboard: string;
  panel: string;
  refId: string;
  expr: string;
  instant: boolean;
}

export interface LabelValuesVariable {
  name: string;
  metric: string;
  label: string;
}

export interface CommittedDashboard {
  file: string;
  json: Record<string, unknown>;
}

export function committedDashboards(): CommittedDashboard[] {
  return DASHBOARDS.map(({ file }) => {
    const json: unknown = JSON.parse(readFileSync(path.join(DASHBOARD_JSON_DIR, file), 'utf8'));
    if (!isRecord(json)) throw new Error(`${file}: not a JSON object`);
    return { file, json };
  });
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function panelsOf(dashboard: Record<string, unknown>): Record<string, unknown>[] {
  return list(dashboard['panels']).filter(isRecord);
}

export function queriesOf({ file, json }: CommittedDashboard): DashboardQuery[] {
  return panelsOf(json).flatMap((panel) =>
    list(panel['targets'])
      .filter(isRecord)
      .map((target) => ({
        dashboard: file,
        panel: String(panel['title']),
        refId: String(target['refId']),
        expr: String(target['expr']),
        instant: target['instant'] === true,
      })),
  );
}

/** `label_values(metric, label)` query variables (the only query kind the dashboards use). */
export function variablesOf({ file, json }: CommittedDashboard): LabelValuesVariable[] {
  const templating = isRecord(json['templating']) ? json['templating'] : {};
  return list(templating['list'])
    .filter(isRecord)
    .filter((variable) => variable['type'] === 'query')
    .map((variable) => {
      const match = /^label_values\(([a-z_:]+), ([a-z_]+)\)$/.exec(String(variable['definition']));
      if (!match?.[1] || !match[2]) throw new Error(`${file}: variable ${String(variable['name'])} is not label_values(metric, label)`);
      return { name: String(variable['name']), metric: match[1], label: match[2] };
    });
}

/** Replaces $var / ${var} by the chosen values and Grafana's interval macros by fixed ones. */
export function substitute(expr: string, values: Readonly<Record<string, string>>, rateInterval = '2m'): string {
  const replaced = expr
    .replaceAll('$__rate_interval', rateInterval)
    .replaceAll('$__interval', '1m')
    .replace(/\$\{?([a-z_]+)\}?/g, (whole, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`no value for variable ${whole} in ${expr}`);
      return value;
    });
  return replaced;
}
