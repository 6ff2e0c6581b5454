/**
 * docs/metrics.md, generated from the metric catalogue (../shared/metrics.ts): one table per
 * group with each family's name, type, labels, stability and help. A test checks the committed
 * file is what this renders, so the reference cannot drift from what the exporter publishes.
 */
import { METRIC_GROUPS, type LabelDefinition, type MetricDefinition, type MetricGroup } from '../shared/metrics.ts';

export const METRICS_DOC_PATH = 'docs/metrics.md';

/** Table cells are one line; a pipe would end the cell. */
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function labelCell(labels: readonly LabelDefinition[]): string {
  if (labels.length === 0) return '—';
  return labels
    .map((label) => (label.values === undefined ? `\`${label.name}\`` : `\`${label.name}\` (${label.values.map((value) => `\`${value}\``).join(', ')})`))
    .join('<br>');
}

function typeCell(definition: MetricDefinition): string {
  return definition.unit === '' ? definition.type : `${definition.type}, ${definition.unit}`;
}

function table(definitions: readonly MetricDefinition[]): string[] {
  return [
    '| Name | Type | Labels | Stability | Help |',
    '| --- | --- | --- | --- | --- |',
    ...definitions.map(
      (definition) =>
        `| \`${definition.name}\` | ${typeCell(definition)} | ${labelCell(definition.labels)} | ${definition.stability} | ${cell(definition.help)}${
          definition.conditional === undefined ? '' : ` (May be absent: ${cell(definition.conditional)}.)`
        } |`,
    ),
  ];
}

const INTRO = [
  '# Metrics',
  '',
  '<!-- Generated from exporter/src/shared/metrics.ts by `npm run docs:metrics`. Do not edit: a test checks this file is current. -->',
  '',
  'Every metric family the exporter and the issue-log receiver publish, from the metric catalogue',
  '(`exporter/src/shared/metrics.ts`), the one place a name, type, help text and label set is declared.',
  '',
  '- **stable**: read by the alert rules, the dashboards or the panel; renaming it or changing its labels is a',
  '  breaking change, made only with a release note and the rules, dashboards and panel changed with it.',
  '- **experimental**: may still change.',
  '- Labels in backticks without values take ids or free text (`location` is the ECM location id); enumerated',
  '  labels list every value they take. No label ever carries a person’s name or identifier.',
  '- The exporter also publishes the standard `process_*` and `nodejs_*` families of prom-client’s default',
  '  metrics (CPU, resident memory, file descriptors, event-loop lag, heap, garbage collection), under',
  '  prom-client’s names; they are not listed here.',
  '- `/metrics` answers the Prometheus text format 0.0.4, or OpenMetrics 1.0.0 to a scraper that asks for it',
  '  (Prometheus does): there a counter family is named without `_total` in `# TYPE`, its samples with it.',
];

export function renderMetricsDoc(catalogue: readonly MetricDefinition[]): string {
  const lines = [...INTRO];
  for (const group of Object.keys(METRIC_GROUPS) as MetricGroup[]) {
    const definitions = catalogue.filter((definition) => definition.group === group);
    if (definitions.length === 0) continue;
    lines.push('', `## ${METRIC_GROUPS[group].title}`, '', METRIC_GROUPS[group].about, '', ...table(definitions));
  }
  return `${lines.join('\n')}\n`;
}
