/** (1) Adoption overview: the panel's scorecard for every location and the organisation roll-ups. */
import { BarGaugeDisplayMode, VizOrientation, type FieldConfigSource } from '@grafana/schema';
import { PANEL_PLUGIN_ID, UIDS, adoptionPanelOptions, dashboard, type DashboardJson } from './kit.ts';
import { REVIEW_STEP, WEEK_END_OFFSET, adoptionPanelTargets } from './panel-queries.ts';

/**
 * The organisation roll-up with each indicator's title (the exporter's, from its info series)
 * as the legend, rather than its id.
 */
const titled = (window: string, offset = ''): string => {
  const at = offset ? ` ${offset}` : '';
  return `indicator_window:ecm_adoption_indicator_ratio:org{window="${window}"}${at} * on (indicator) group_left (title) max by (indicator, title) (ecm_adoption_indicator_info${at})`;
};

const PERCENT: FieldConfigSource = {
  defaults: { unit: 'percentunit', min: 0, max: 1, decimals: 0 },
  overrides: [],
};

export function overviewDashboard(): DashboardJson {
  return dashboard({
    uid: UIDS.overview,
    title: 'ECM adoption - overview',
    description: 'Every location against the thresholds of its governance phase, and the organisation as a whole.',
    tags: ['overview'],
    time: { from: 'now-90d', to: 'now' },
    refresh: '5m',
    variables: [],
    panels: [
      {
        type: PANEL_PLUGIN_ID,
        title: 'Adoption scorecard - all locations',
        description: "Indicators x locations, RAG against the thresholds in force for each location's phase. Click a cell to drill down.",
        gridPos: { x: 0, y: 0, w: 24, h: 16 },
        targets: adoptionPanelTargets('location=~".+"'),
        options: adoptionPanelOptions({ view: 'scorecard' }),
      },
      {
        type: 'bargauge',
        title: 'Organisation - 7 day window',
        description:
          'sum(numerator) / sum(denominator) over all locations (recording rule indicator_window:ecm_adoption_indicator_ratio:org), never an average of location percentages.',
        gridPos: { x: 0, y: 16, w: 12, h: 9 },
        targets: [{ refId: 'A', expr: titled('7d'), legendFormat: '{{title}}', instant: true }],
        options: {
          orientation: VizOrientation.Horizontal,
          displayMode: BarGaugeDisplayMode.Basic,
          showUnfilled: true,
          reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
        },
        fieldConfig: PERCENT,
      },
      {
        type: 'bargauge',
        title: 'Organisation - 28 day window',
        description: 'As on the left, over 28 days.',
        gridPos: { x: 12, y: 16, w: 12, h: 9 },
        targets: [{ refId: 'A', expr: titled('28d'), legendFormat: '{{title}}', instant: true }],
        options: {
          orientation: VizOrientation.Horizontal,
          displayMode: BarGaugeDisplayMode.Basic,
          showUnfilled: true,
          reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
        },
        fieldConfig: PERCENT,
      },
      {
        type: 'timeseries',
        title: 'Organisation trend - 7 day window',
        gridPos: { x: 0, y: 25, w: 24, h: 9 },
        description: 'One point per calendar week: the 7 day window at the end of each week (Monday 00:00).',
        targets: [{ refId: 'A', expr: titled('7d', WEEK_END_OFFSET), legendFormat: '{{title}}', interval: REVIEW_STEP }],
        fieldConfig: PERCENT,
      },
      {
        type: 'table',
        title: 'Organisation numerators and denominators',
        description: 'The counts behind the roll-up: what was due, what was done.',
        gridPos: { x: 0, y: 34, w: 24, h: 8 },
        targets: [
          { refId: 'numerator', expr: 'indicator_window:ecm_adoption_indicator_numerator:sum', instant: true, format: 'table' },
          { refId: 'denominator', expr: 'indicator_window:ecm_adoption_indicator_denominator:sum', instant: true, format: 'table' },
        ],
        extra: {
          transformations: [
            { id: 'merge', options: {} },
            {
              id: 'organize',
              options: { excludeByName: { Time: true }, renameByName: { 'Value #numerator': 'numerator', 'Value #denominator': 'denominator' } },
            },
          ],
        },
      },
    ],
  });
}
