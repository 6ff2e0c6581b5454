/** (4) Governance: phase per location, weeks on target, thresholds in force. */
import { BarGaugeDisplayMode, LineInterpolation, MappingType, TableCellDisplayMode, VizOrientation, type DataTransformerConfig } from '@grafana/schema';
import { RAG_LABEL, STATUS } from '../../../exporter/src/shared/rag.ts';
import { PHASE_WINDOW } from '../../../exporter/src/shared/windows.ts';
import { evidencePackUrl, exporterUrlVariable } from './evidence-links.ts';
import { UIDS, dashboard, locationVariable, type DashboardJson } from './kit.ts';
import { governanceEvidencePanels } from './record-quality.ts';

function organize(rename: Record<string, string>, exclude: string[]): DataTransformerConfig {
  const excludeByName: Record<string, boolean> = {};
  for (const name of ['Time', '__name__', 'job', 'instance', ...exclude]) excludeByName[name] = true;
  const renameByName: Record<string, string> = { ...rename };
  return { id: 'organize', options: { excludeByName, renameByName } };
}

export function governanceDashboard(): DashboardJson {
  return dashboard({
    uid: UIDS.governance,
    title: 'ECM adoption - governance',
    description: 'Which review cadence each location is in, how long it has been on target, and which thresholds apply.',
    tags: ['governance'],
    time: { from: 'now-180d', to: 'now' },
    refresh: '5m',
    variables: [locationVariable(true), exporterUrlVariable()],
    panels: [
      {
        type: 'table',
        title: 'Governance phase per location',
        description:
          'weekly after go-live; monthly once every core indicator met its target for 4 complete weeks and 8 weeks have passed; back to weekly on a red week. Click a row for its evidence pack.',
        gridPos: { x: 0, y: 0, w: 12, h: 9 },
        targets: [{ refId: 'phase', expr: 'ecm_adoption_governance_phase{location=~"$location"} == 1', instant: true, format: 'table' }],
        fieldConfig: {
          defaults: {
            // Each row opens the evidence pack of its location over the dashboard's time range.
            links: [{ title: 'Evidence pack of ${__data.fields.location}', url: evidencePackUrl('${__data.fields.location}'), targetBlank: true }],
          },
          overrides: [],
        },
        extra: { transformations: [organize({}, ['Value'])] },
      },
      {
        type: 'bargauge',
        title: 'Consecutive weeks on target',
        gridPos: { x: 12, y: 0, w: 12, h: 9 },
        targets: [{ refId: 'A', expr: 'ecm_adoption_governance_streak{location=~"$location"}', legendFormat: '{{location}}', instant: true }],
        options: {
          orientation: VizOrientation.Horizontal,
          displayMode: BarGaugeDisplayMode.Basic,
          reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
        },
        fieldConfig: { defaults: { unit: 'none', decimals: 0, min: 0, max: 8 }, overrides: [] },
      },
      {
        type: 'table',
        title: 'Weeks since go-live',
        gridPos: { x: 0, y: 9, w: 12, h: 8 },
        targets: [{ refId: 'A', expr: '(time() - ecm_adoption_go_live_timestamp_seconds{location=~"$location"}) / 604800', instant: true, format: 'table' }],
        fieldConfig: { defaults: { decimals: 0 }, overrides: [] },
        extra: { transformations: [organize({ Value: 'weeks since go-live' }, [])] },
      },
      {
        type: 'timeseries',
        title: 'Phase over time (1 = monthly)',
        gridPos: { x: 12, y: 9, w: 12, h: 8 },
        targets: [{ refId: 'A', expr: 'ecm_adoption_governance_phase{location=~"$location",phase="monthly"}', legendFormat: '{{location}}' }],
        fieldConfig: { defaults: { min: 0, max: 1, custom: { lineInterpolation: LineInterpolation.StepAfter } }, overrides: [] },
      },
      {
        type: 'table',
        title: 'Thresholds in force',
        description: 'Target and critical ratio of each indicator for the phase each location is in now.',
        gridPos: { x: 0, y: 17, w: 24, h: 10 },
        targets: [
          { refId: 'target', expr: 'ecm_adoption_indicator_threshold_ratio{location=~"$location",level="target"}', instant: true, format: 'table' },
          { refId: 'critical', expr: 'ecm_adoption_indicator_threshold_ratio{location=~"$location",level="critical"}', instant: true, format: 'table' },
        ],
        fieldConfig: { defaults: { unit: 'percentunit', decimals: 0 }, overrides: [] },
        extra: {
          transformations: [{ id: 'merge', options: {} }, organize({ 'Value #target': 'target', 'Value #critical': 'critical' }, ['level'])],
        },
      },
      {
        type: 'table',
        title: `Status in the phase window (${STATUS.green} green, ${STATUS.amber} amber, ${STATUS.red} red)`,
        description: `What governance alerts act on: the ${PHASE_WINDOW.weekly} window for weekly locations, ${PHASE_WINDOW.monthly} for monthly. Suppressed indicators are absent.`,
        gridPos: { x: 0, y: 27, w: 24, h: 10 },
        targets: [{ refId: 'A', expr: 'location_indicator:ecm_adoption_indicator_status:phase_window{location=~"$location"}', instant: true, format: 'table' }],
        fieldConfig: {
          defaults: {
            mappings: [
              {
                type: MappingType.ValueToText,
                // The panel's words for each status (exporter/src/shared/rag.ts).
                options: {
                  [STATUS.green]: { text: RAG_LABEL.green, color: 'green' },
                  [STATUS.amber]: { text: RAG_LABEL.amber, color: 'orange' },
                  [STATUS.red]: { text: RAG_LABEL.red, color: 'red' },
                },
              },
            ],
            custom: { cellOptions: { type: TableCellDisplayMode.ColorBackground } },
          },
          overrides: [],
        },
        extra: { transformations: [organize({ Value: 'status' }, [])] },
      },
      // Governance evidence: review age, issue log and corrective actions, from y 37 down.
      ...governanceEvidencePanels(37),
    ],
  });
}
