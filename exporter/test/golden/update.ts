/**
 * npm run golden:update: rewrites demo-metrics.prom from the demo's /metrics at GOLDEN_NOW
 * (normalised as demo-exposition.ts says). Review the diff before committing it.
 */
import { writeFile } from 'node:fs/promises';
import { GOLDEN_FILE, normaliseExposition, startGoldenDemo } from './demo-exposition.ts';

const demo = await startGoldenDemo();
try {
  const text = await (await fetch(`${demo.url}/metrics`)).text();
  await writeFile(GOLDEN_FILE, normaliseExposition(text));
  process.stdout.write(`wrote ${GOLDEN_FILE}\n`);
} finally {
  await demo.stop();
}
