/** Every provisioned dashboard, by file name under grafana/dashboards/json/. */
import { exporterDashboard } from './exporter.ts';
import { governanceDashboard } from './governance.ts';
import type { DashboardJson } from './kit.ts';
import { locationDashboard } from './location.ts';
import { overviewDashboard } from './overview.ts';
import { recordQualityDashboard } from './record-quality.ts';
import { wallboardDashboard } from './wallboard.ts';

export const DASHBOARDS: ReadonlyArray<{ file: string; build: () => DashboardJson }> = [
  { file: 'overview.json', build: overviewDashboard },
  { file: 'wallboard.json', build: wallboardDashboard },
  { file: 'location.json', build: locationDashboard },
  { file: 'governance.json', build: governanceDashboard },
  { file: 'exporter.json', build: exporterDashboard },
  { file: 'record-quality.json', build: recordQualityDashboard },
];

/** The JSON text of a dashboard as committed: 2-space indent, trailing newline. */
export function renderDashboard(build: () => DashboardJson): string {
  return `${JSON.stringify(build(), null, 2)}\n`;
}
