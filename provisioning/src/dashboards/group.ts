/**
 * The group view, for the Grafana of the central store only (prometheus/group/central.yml): every
 * site side by side from the group roll-ups (prometheus/group/rules/group.yml). It needs the
 * `site` label the site agents add, so it is provisioned apart from the six site dashboards
 * (grafana/group/), which work unchanged on the central store with a site filter in their queries.
 */
import { BarGaugeDisplayMode, VizOrientation, type FieldConfigSource } from '@grafana/schema';
import { dashboard, queryVariable, safetyStat, type DashboardJson, type PanelSpec } from './kit.ts';

export const GROUP_UID = 'ecm-adoption-group';

const PERCENT: FieldConfigSource = { defaults: { unit: 'percentunit', min: 0, max: 1, decimals: 0 }, overrides: [] };

const siteVariable = queryVariable({
  name: 'site',
  label: 'Site',
  query: 'label_values(site_indicator_window:ecm_adoption_indicator_ratio:site, site)',
  multi: true,
});

/** A count that is information, not an alarm: no red threshold. */
function countStat(title: string, expr: string, x: number, description: string): PanelSpec {
  return {
    ...safetyStat(title, expr, { x, y: 0, w: 6, h: 5 }, description),
    fieldConfig: { defaults: { unit: 'none', decimals: 0, noValue: 'no data' }, overrides: [] },
  };
}

function windowBars(window: '7d' | '28d', x: number): PanelSpec {
  return {
    type: 'bargauge',
    title: `Sites - ${window === '7d' ? '7' : '28'} day window`,
    description: "Each site's sum(numerator) / sum(denominator) over its locations (site_indicator_window:ecm_adoption_indicator_ratio:site).",
    gridPos: { x, y: 5, w: 12, h: 12 },
    targets: [
      {
        refId: 'A',
        expr: `site_indicator_window:ecm_adoption_indicator_ratio:site{site=~"$site",window="${window}"}`,
        legendFormat: '{{site}} {{indicator}}',
        instant: true,
      },
    ],
    options: {
      orientation: VizOrientation.Horizontal,
      displayMode: BarGaugeDisplayMode.Basic,
      showUnfilled: true,
      reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
    },
    fieldConfig: PERCENT,
  };
}

export function groupDashboard(): DashboardJson {
  return dashboard({
    uid: GROUP_UID,
    title: 'ECM adoption - group',
    description: 'Every site of the group side by side: adoption per site and for the group, what is outstanding now, and whether each site reports.',
    tags: ['group'],
    time: { from: 'now-28d', to: 'now' },
    refresh: '5m',
    variables: [siteVariable],
    panels: [
      countStat('Sites reporting', 'sum(site:up:min{site=~"$site"})', 0, 'Sites whose agent scraped its exporter at the last evaluation (site:up:min).'),
      safetyStat(
        'Red location x indicator pairs',
        'sum(site:ecm_adoption_indicator_status:count_red{site=~"$site"})',
        { x: 6, y: 0, w: 6, h: 5 },
        'Red in the window of their governance phase, all selected sites.',
      ),
      safetyStat(
        'Unacknowledged alerts',
        'sum(site:ecm_adoption_alerts_unacknowledged:sum{site=~"$site"})',
        { x: 12, y: 0, w: 6, h: 5 },
        'Past their acknowledgement target, all selected sites.',
      ),
      safetyStat(
        'Overdue tasks',
        'sum(site:ecm_adoption_tasks_overdue:sum{site=~"$site"})',
        { x: 18, y: 0, w: 6, h: 5 },
        'Past due time and tolerance, all selected sites.',
      ),
      windowBars('7d', 0),
      windowBars('28d', 12),
      {
        type: 'timeseries',
        title: 'Group trend - 7 day window',
        description: "The group's ratio: all sites' numerators over all their denominators (indicator_window:ecm_adoption_indicator_ratio:group).",
        gridPos: { x: 0, y: 17, w: 24, h: 9 },
        targets: [{ refId: 'A', expr: 'indicator_window:ecm_adoption_indicator_ratio:group{window="7d"}', legendFormat: '{{indicator}}' }],
        fieldConfig: PERCENT,
        extra: { interval: '1h' },
      },
      {
        type: 'table',
        title: 'Red pairs per site',
        description: 'Location x indicator pairs red in their phase window, per site.',
        gridPos: { x: 0, y: 26, w: 24, h: 8 },
        targets: [{ refId: 'A', expr: 'site:ecm_adoption_indicator_status:count_red{site=~"$site"}', instant: true, format: 'table' }],
      },
    ],
  });
}
