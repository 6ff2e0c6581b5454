/** (5) Exporter health: is each database answering, how old each domain's data is, how long refreshes take, which query fails. */
import { BigValueColorMode, BigValueGraphMode, MappingType } from '@grafana/schema';
import { freshnessPanels } from './exporter-freshness.ts';
import { UIDS, dashboard, type DashboardJson } from './kit.ts';

export function exporterDashboard(): DashboardJson {
  return dashboard({
    uid: UIDS.exporter,
    title: 'ECM adoption - exporter health',
    description: 'Refresh duration, per-query errors and data staleness of ecm-adoption-exporter.',
    tags: ['platform'],
    time: { from: 'now-24h', to: 'now' },
    refresh: '1m',
    variables: [],
    panels: [
      {
        type: 'stat',
        title: 'Scrape up',
        gridPos: { x: 0, y: 0, w: 6, h: 5 },
        targets: [{ refId: 'A', expr: 'up{job="ecm-adoption-exporter"}', legendFormat: '{{instance}}', instant: true }],
        fieldConfig: {
          defaults: { mappings: [{ type: MappingType.ValueToText, options: { '0': { text: 'DOWN', color: 'red' }, '1': { text: 'UP', color: 'green' } } }] },
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
        title: 'Last refresh succeeded',
        gridPos: { x: 6, y: 0, w: 6, h: 5 },
        targets: [{ refId: 'A', expr: 'ecm_adoption_exporter_up', legendFormat: '{{instance}}', instant: true }],
        fieldConfig: {
          defaults: { mappings: [{ type: MappingType.ValueToText, options: { '0': { text: 'FAILING', color: 'red' }, '1': { text: 'OK', color: 'green' } } }] },
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
        title: 'Rows skipped as invalid',
        description: 'Rows with null or inverted timestamps or unknown values, left out of every indicator in the last refresh (by table and reason below).',
        gridPos: { x: 12, y: 0, w: 12, h: 5 },
        targets: [{ refId: 'A', expr: 'sum(ecm_adoption_rows_skipped)', instant: true }],
        options: {
          colorMode: BigValueColorMode.Value,
          graphMode: BigValueGraphMode.None,
          reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
        },
      },
      // Databases answering and data age per domain, y 5 to 19.
      ...freshnessPanels(5),
      {
        type: 'timeseries',
        title: 'Refresh duration',
        gridPos: { x: 0, y: 19, w: 12, h: 8 },
        targets: [{ refId: 'A', expr: 'ecm_adoption_exporter_refresh_duration_seconds', legendFormat: '{{instance}}' }],
        fieldConfig: { defaults: { unit: 's', min: 0 }, overrides: [] },
      },
      {
        type: 'timeseries',
        title: 'Query duration by query',
        gridPos: { x: 12, y: 19, w: 12, h: 8 },
        targets: [{ refId: 'A', expr: 'ecm_adoption_exporter_query_duration_seconds', legendFormat: '{{query}}' }],
        fieldConfig: { defaults: { unit: 's', min: 0 }, overrides: [] },
      },
      {
        type: 'timeseries',
        title: 'Query errors',
        gridPos: { x: 0, y: 27, w: 24, h: 8 },
        targets: [{ refId: 'A', expr: 'sum by (query) (increase(ecm_adoption_exporter_query_errors_total[$__rate_interval]))', legendFormat: '{{query}}' }],
        fieldConfig: { defaults: { unit: 'none', min: 0, decimals: 0 }, overrides: [] },
      },
      {
        type: 'timeseries',
        title: 'Rows skipped as invalid, by table and reason',
        description: 'An adapter view returning bad rows shows here first; the rows are counted, never guessed.',
        gridPos: { x: 0, y: 35, w: 24, h: 8 },
        targets: [{ refId: 'A', expr: 'ecm_adoption_rows_skipped', legendFormat: '{{table}}: {{reason}}' }],
        fieldConfig: { defaults: { unit: 'none', min: 0, decimals: 0 }, overrides: [] },
      },
    ],
  });
}
