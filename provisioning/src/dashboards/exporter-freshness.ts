/**
 * Exporter health panels that show what the platform alerts act on: whether each database
 * answers, and how old each domain's data is, coloured at the alerts' own bounds.
 */
import {
  BigValueColorMode,
  BigValueGraphMode,
  GraphThresholdsStyleMode,
  MappingType,
  ThresholdsMode,
  type ThresholdsConfig,
  type ValueMapping,
} from '@grafana/schema';
import type { PanelSpec } from './kit.ts';

/**
 * Data age bounds, in refresh intervals (ecm_adoption_exporter_refresh_interval_seconds), as the
 * rules state them: safety monitoring is degraded above 2 intervals
 * (instance:ecm_adoption_safety_monitoring_degraded:bool in prometheus/rules/safety-monitoring.yml)
 * and EcmAdoptionDataStale (prometheus/rules/platform.yml) fires above 3 for any domain.
 * tests/provisioning/dashboards.test.ts reads both rule files and fails when they move apart.
 */
export const DATA_AGE_BOUNDS = { safetyDegraded: 2, dataStale: 3 } as const;

/** Age of each domain's data in refresh intervals; 0 (never read) is left out, as the alert does. */
export const DATA_AGE_IN_INTERVALS =
  '(time() - (ecm_adoption_exporter_data_timestamp_seconds > 0)) / on (job, instance) group_left () ecm_adoption_exporter_refresh_interval_seconds';

const AGE_THRESHOLDS: ThresholdsConfig = {
  mode: ThresholdsMode.Absolute,
  steps: [
    { color: 'green', value: null },
    { color: 'orange', value: DATA_AGE_BOUNDS.safetyDegraded },
    { color: 'red', value: DATA_AGE_BOUNDS.dataStale },
  ],
};

const UP_MAPPINGS: ValueMapping[] = [
  { type: MappingType.ValueToText, options: { '0': { text: 'NOT ANSWERING', color: 'red' }, '1': { text: 'ANSWERING', color: 'green' } } },
];

export function freshnessPanels(y: number): PanelSpec[] {
  return [
    {
      type: 'stat',
      title: 'Databases answering',
      description:
        'ecm_adoption_exporter_source_up per source: 0 when the last refresh could not read it. ecm at 0 for 1 minute fires EcmAdoptionRefreshFailing (and degrades safety monitoring); governance at 0 for 2 minutes fires EcmAdoptionGovernanceSourceDown.',
      gridPos: { x: 0, y, w: 8, h: 6 },
      targets: [{ refId: 'A', expr: 'ecm_adoption_exporter_source_up', legendFormat: '{{source}}', instant: true }],
      fieldConfig: {
        defaults: {
          mappings: UP_MAPPINGS,
          noValue: 'not published',
          thresholds: {
            mode: ThresholdsMode.Absolute,
            steps: [
              { color: 'red', value: null },
              { color: 'green', value: 1 },
            ],
          },
        },
        overrides: [],
      },
      options: {
        colorMode: BigValueColorMode.Background,
        graphMode: BigValueGraphMode.None,
        reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
      },
    },
    {
      type: 'stat',
      title: 'Data age per domain, in refresh intervals',
      description: `time() - ecm_adoption_exporter_data_timestamp_seconds, divided by the refresh interval. Orange above ${DATA_AGE_BOUNDS.safetyDegraded}: safety monitoring counts as degraded (safety domain); red above ${DATA_AGE_BOUNDS.dataStale}: EcmAdoptionDataStale fires after 2 minutes. No value: never read since the exporter started.`,
      gridPos: { x: 8, y, w: 16, h: 6 },
      targets: [{ refId: 'A', expr: DATA_AGE_IN_INTERVALS, legendFormat: '{{domain}}', instant: true }],
      fieldConfig: { defaults: { unit: 'none', decimals: 1, min: 0, noValue: 'never read', thresholds: AGE_THRESHOLDS }, overrides: [] },
      options: {
        colorMode: BigValueColorMode.Background,
        graphMode: BigValueGraphMode.None,
        reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
      },
    },
    {
      type: 'timeseries',
      title: 'Data age per domain over time, in refresh intervals',
      description: `Dashed lines: the safety monitoring bound (${DATA_AGE_BOUNDS.safetyDegraded}) and EcmAdoptionDataStale (${DATA_AGE_BOUNDS.dataStale}).`,
      gridPos: { x: 0, y: y + 6, w: 12, h: 8 },
      targets: [{ refId: 'A', expr: DATA_AGE_IN_INTERVALS, legendFormat: '{{domain}}' }],
      fieldConfig: {
        defaults: { unit: 'none', min: 0, thresholds: AGE_THRESHOLDS, custom: { thresholdsStyle: { mode: GraphThresholdsStyleMode.Dashed } } },
        overrides: [],
      },
    },
    {
      type: 'timeseries',
      title: 'Data age per domain over time, in seconds',
      gridPos: { x: 12, y: y + 6, w: 12, h: 8 },
      targets: [{ refId: 'A', expr: 'time() - (ecm_adoption_exporter_data_timestamp_seconds > 0)', legendFormat: '{{domain}}' }],
      fieldConfig: { defaults: { unit: 's', min: 0 }, overrides: [] },
    },
  ];
}
