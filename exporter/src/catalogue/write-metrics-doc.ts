/** npm run docs:metrics: writes docs/metrics.md from the metric catalogue. */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { METRIC_CATALOGUE } from '../shared/metrics.ts';
import { METRICS_DOC_PATH, renderMetricsDoc } from './metrics-doc.ts';

const target = fileURLToPath(new URL(`../../../${METRICS_DOC_PATH}`, import.meta.url));
await writeFile(target, renderMetricsDoc(METRIC_CATALOGUE));
process.stdout.write(`wrote ${target}\n`);
