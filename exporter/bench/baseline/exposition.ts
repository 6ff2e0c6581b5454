/**
 * The "before" of `npm run bench`: the hand-written Prometheus text renderer the exporter used
 * until /metrics moved to prom-client (src/runtime/exposition.ts). Kept here only as the
 * baseline the benchmark measures the product against; nothing in src uses it.
 */
import type { MetricFamily, Sample } from '../../src/engine/types.ts';

/** Label values: backslash, double quote and line feed are escaped; everything else (UTF-8) is literal. */
function escapeLabelValue(value: string): string {
  if (!/[\\"\n]/.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text: only backslash and line feed are escaped (quotes are literal there). */
function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
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
  for (const { definition, samples } of families) {
    if (samples.length === 0) continue;
    lines.push(`# HELP ${definition.name} ${escapeHelp(definition.help)}`);
    lines.push(`# TYPE ${definition.name} ${definition.type}`);
    for (const sample of samples) lines.push(formatSample(definition.name, sample));
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
