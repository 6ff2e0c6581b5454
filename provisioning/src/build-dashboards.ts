/**
 * Writes provisioning/grafana/dashboards/json/*.json from src/dashboards/*.ts, and the central
 * store's group dashboard to provisioning/grafana/group/group.json.
 * `npm run provisioning:dashboards`; the provisioning tests fail while the committed JSON differs.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { groupDashboard } from './dashboards/group.ts';
import { DASHBOARDS, renderDashboard } from './dashboards/index.ts';

export const DASHBOARD_DIR = fileURLToPath(new URL('../grafana/dashboards/json/', import.meta.url));
export const GROUP_DASHBOARD_FILE = fileURLToPath(new URL('../grafana/group/group.json', import.meta.url));

async function main(): Promise<void> {
  for (const { file, build } of DASHBOARDS) {
    await writeFile(`${DASHBOARD_DIR}${file}`, renderDashboard(build));
    process.stdout.write(`wrote ${DASHBOARD_DIR}${file}\n`);
  }
  await writeFile(GROUP_DASHBOARD_FILE, renderDashboard(groupDashboard));
  process.stdout.write(`wrote ${GROUP_DASHBOARD_FILE}\n`);
}

await main();
