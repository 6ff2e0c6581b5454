/**
 * Renders snapshot families as Prometheus text exposition format 0.0.4.
 *
 * We render plain data ourselves instead of filling a prom-client registry on
 * every scrape: the snapshot is already immutable data, rendering it is a pure
 * function, and a labelled prom-client gauge would keep label sets of locations
 * that vanished until someone remembers to reset() it.
 */
import type { MetricFamily, Sample } from '../engine/types.ts';

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Label values: backslash, double quote and line feed are escaped; everything else (UTF-8) is literal. */
export function escapeLabelValue(value: string): string {
  if (!/[\\"\n]/.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text: only backslash and line feed are escaped (quotes are literal there). */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function formatSample(name: string, sample: Sample): string {
  const labels = Object.entries(sample.labels);
  if (labels.length === 0) return `${name} ${formatValue(sample.value)}`;
  const inner = labels.map(([key, value]) => `${key}="${escapeLabelValue(value)}"`).join(',');
  return `${name}{${inner}} ${formatValue(sample.value)}`;
}

export function renderFamilies(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`);
    lines.push(`# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) lines.push(formatSample(family.name, sample));
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** A key that is equal for two samples exactly when their label sets are equal. */
function labelKey(labels: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Finds what would make a scrape invalid: bad metric or label names, a family
 * named twice, a label set repeated within a family. The refresher drops such
 * families (and reports them) so one bad family cannot break the whole scrape.
 */
export function familyProblems(family: MetricFamily, seenNames: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  if (!METRIC_NAME.test(family.name)) problems.push(`invalid metric name "${family.name}"`);
  if (seenNames.has(family.name)) problems.push(`metric family "${family.name}" appears twice`);
  if (family.type === 'counter' && !family.name.endsWith('_total')) problems.push(`counter "${family.name}" must end in _total`);
  const keys = new Set<string>();
  for (const sample of family.samples) {
    for (const name of Object.keys(sample.labels)) {
      if (!LABEL_NAME.test(name) || name.startsWith('__')) problems.push(`${family.name}: invalid label name "${name}"`);
    }
    const key = labelKey(sample.labels);
    if (keys.has(key)) problems.push(`${family.name}: label set ${key} appears twice`);
    keys.add(key);
  }
  return problems;
}

/** Splits families into the valid ones and the problems of the others. */
export function validateFamilies(families: readonly MetricFamily[]): { valid: MetricFamily[]; problems: string[] } {
  const valid: MetricFamily[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const family of families) {
    const found = familyProblems(family, seen);
    seen.add(family.name);
    if (found.length === 0) valid.push(family);
    else problems.push(...found);
  }
  return { valid, problems };
}
