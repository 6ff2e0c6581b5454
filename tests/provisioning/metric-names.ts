/**
 * Finds the `ecm_adoption_*` names a file mentions, to hold rules, dashboards, panel and docs
 * to the metric catalogue (exporter/src/shared/metrics.ts), kube-state-metrics' doccheck style.
 *
 * A mention is a family name (`ecm_adoption_tasks_overdue`), a prefix standing for several
 * (`ecm_adoption_audit_pass_*`: ends in `_`), or a recording rule named level:metric:operation
 * (https://prometheus.io/docs/practices/rules/), whose metric part names what it is computed from.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { PROVISIONING, REPO, isRecord, listFiles, readYaml } from './support.ts';

export interface Mention {
  /** Path from the repository root, and line, for the failure message. */
  where: string;
  text: string;
  /** The `ecm_adoption_*` part: a family name or a prefix ending in `_`. */
  metric: string;
  /** Set for a level:metric:operation name. */
  recorded?: string;
}

const MENTION = /(?:([a-z_]+):)?(ecm_adoption_[a-z0-9_]*)(?::([a-z0-9_]+))?/g;

export function mentionsIn(file: string): Mention[] {
  const mentions: Mention[] = [];
  const relative = path.relative(REPO, file);
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      for (const match of line.matchAll(MENTION)) {
        const [text, level, metric = '', operation] = match;
        const mention: Mention = { where: `${relative}:${index + 1}`, text, metric };
        if (level !== undefined && operation !== undefined) mention.recorded = `${level}:${metric}:${operation}`;
        mentions.push(mention);
      }
    });
  return mentions;
}

/** Files under `dir` (recursively) whose name ends with one of `suffixes`; node_modules and build output left out. */
export function filesUnder(dir: string, suffixes: readonly string[]): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name === 'dist' || name === 'artifacts') continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) found.push(...filesUnder(full, suffixes));
    else if (suffixes.some((suffix) => name.endsWith(suffix))) found.push(full);
  }
  return found;
}

const at = (...parts: string[]): string => path.join(REPO, ...parts);

/** What each consumer of the metrics is made of. */
export const AREAS = {
  rules: [
    ...listFiles(path.join(PROVISIONING, 'prometheus/rules'), '.yml'),
    ...listFiles(path.join(PROVISIONING, 'prometheus/tests'), '.yml'),
    at('provisioning/prometheus/prometheus.yml'),
    ...filesUnder(path.join(PROVISIONING, 'prometheus/group'), ['.yml']),
    ...listFiles(path.join(PROVISIONING, 'alertmanager'), '.yml'),
  ],
  dashboards: [
    ...listFiles(path.join(PROVISIONING, 'grafana/dashboards/json'), '.json'),
    ...listFiles(path.join(PROVISIONING, 'grafana/group'), '.json'),
    ...filesUnder(at('provisioning/src'), ['.ts']),
  ],
  panel: [...filesUnder(at('plugin/src'), ['.ts', '.tsx']), ...filesUnder(at('plugin/tests'), ['.ts', '.tsx', '.mjs']), at('plugin/README.md')],
  docs: [...filesUnder(at('docs'), ['.md']), at('README.md'), at('provisioning/README.md')],
} as const;

/**
 * Every recording rule of provisioning/prometheus/rules/*.yml and of the group's central store,
 * provisioning/prometheus/group/rules/*.yml (level:metric:operation names).
 */
export function recordingRules(): Map<string, string> {
  const rules = new Map<string, string>();
  const files = [...listFiles(path.join(PROVISIONING, 'prometheus/rules'), '.yml'), ...listFiles(path.join(PROVISIONING, 'prometheus/group/rules'), '.yml')];
  for (const file of files) {
    const doc = readYaml(file);
    const groups = isRecord(doc) && Array.isArray(doc['groups']) ? doc['groups'] : [];
    for (const group of groups) {
      const list = isRecord(group) && Array.isArray(group['rules']) ? group['rules'] : [];
      for (const rule of list) if (isRecord(rule) && typeof rule['record'] === 'string') rules.set(rule['record'], path.basename(file));
    }
  }
  return rules;
}
