/**
 * Writes provisioning/grafana/dashboards/json/*.json from src/dashboards/*.ts.
 * `npm run provisioning:dashboards`; the provisioning tests fail while the committed JSON differs.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DASHBOARDS, renderDashboard } from './dashboards/index.ts';

export const DASHBOARD_DIR = fileURLToPath(new URL('../grafana/dashboards/json/', import.meta.url));

async function main(): Promise<void> {
  for (const { file, build } of DASHBOARDS) {
    await writeFile(`${DASHBOARD_DIR}${file}`, renderDashboard(build));
    process.stdout.write(`wrote ${DASHBOARD_DIR}${file}\n`);
  }
}

await main();
