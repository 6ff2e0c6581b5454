/**
 * Small builders for Grafana dashboard JSON (schemaVersion 41, Grafana 12.3), so the five
 * dashboards share one datasource uid, one location variable and one way of linking.
 * Everything here is plain data: a dashboard is a value, written to JSON by ../build-dashboards.ts.
 */
import { DEFAULT_OPTIONS, type AdoptionPanelOptions } from '../../../plugin/src/types.ts';

export const PROMETHEUS = { type: 'prometheus', uid: 'ecm-prometheus' } as const;
export const PANEL_PLUGIN_ID = 'ecm-adoption-panel';

/** The dashboards by uid; links and alert `dashboard_url`s use these, never titles. */
export const UIDS = {
  overview: 'ecm-adoption-overview',
  wallboard: 'ecm-adoption-wallboard',
  location: 'ecm-adoption-location',
  governance: 'ecm-adoption-governance',
  exporter: 'ecm-adoption-exporter',
  recordQuality: 'ecm-adoption-record-quality',
} as const;

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface Target {
  refId: string;
  expr: string;
  legendFormat?: string;
  instant?: boolean;
  format?: 'time_series' | 'table';
}

export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

function target({ refId, expr, legendFormat, instant, format }: Target): JsonObject {
  const json: JsonObject = { refId, datasource: PROMETHEUS, expr, range: !instant, instant: instant ?? false };
  if (legendFormat !== undefined) json['legendFormat'] = legendFormat;
  if (format !== undefined) json['format'] = format;
  return json;
}

export interface PanelSpec {
  type: string;
  title: string;
  gridPos: GridPos;
  targets: Target[];
  description?: string;
  options?: JsonObject;
  fieldConfig?: JsonObject;
  extra?: JsonObject;
}

/** Assigns panel ids in order, so ids are stable and unique within a dashboard. */
export function panels(specs: PanelSpec[]): JsonObject[] {
  return specs.map((spec, index) => ({
    id: index + 1,
    type: spec.type,
    title: spec.title,
    description: spec.description ?? '',
    datasource: PROMETHEUS,
    gridPos: { ...spec.gridPos },
    targets: spec.targets.map(target),
    options: spec.options ?? {},
    fieldConfig: spec.fieldConfig ?? { defaults: {}, overrides: [] },
    ...spec.extra,
  }));
}

/** A single-valued stat for a wall screen: big number, red as soon as it is above `redAbove`. */
export function safetyStat(title: string, expr: string, gridPos: GridPos, description: string, redAbove = 0): PanelSpec {
  return {
    type: 'stat',
    title,
    description,
    gridPos,
    targets: [{ refId: 'A', expr, instant: true }],
    options: {
      reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
      colorMode: 'background',
      graphMode: 'none',
      textMode: 'value_and_name',
      justifyMode: 'center',
      text: { titleSize: 28, valueSize: 96 },
    },
    fieldConfig: {
      defaults: {
        unit: 'none',
        decimals: 0,
        noValue: 'no data',
        thresholds: {
          mode: 'absolute',
          steps: [
            { color: 'green', value: null },
            { color: 'red', value: redAbove + 1 },
          ],
        },
      },
      overrides: [],
    },
  };
}

/** The six metric families the adoption panel reads, one query each (refId = family). */
export function adoptionPanelTargets(locationMatcher: string, extraMatcher = ''): Target[] {
  const m = [locationMatcher, extraMatcher].filter(Boolean).join(',');
  return [
    { refId: 'ratio', expr: `ecm_adoption_indicator_ratio{${m}}` },
    { refId: 'threshold', expr: `ecm_adoption_indicator_threshold_ratio{${m}}` },
    { refId: 'status', expr: `ecm_adoption_indicator_status{${m}}` },
    { refId: 'suppressed', expr: `ecm_adoption_indicator_suppressed{${m}}` },
    { refId: 'info', expr: extraMatcher ? `ecm_adoption_indicator_info{${extraMatcher}}` : 'ecm_adoption_indicator_info' },
    { refId: 'phase', expr: `ecm_adoption_governance_phase{${locationMatcher}}` },
  ];
}

export interface VariableSpec {
  name: string;
  label: string;
  query: string;
  multi: boolean;
}

/** A query variable over label values, refreshed on dashboard load. */
export function queryVariable({ name, label, query, multi }: VariableSpec): JsonObject {
  return {
    type: 'query',
    name,
    label,
    datasource: PROMETHEUS,
    definition: query,
    query: { query, refId: `${name}-values`, qryType: 1 },
    refresh: 1,
    sort: 1,
    multi,
    includeAll: multi,
    current: {},
    options: [],
    hide: 0,
    regex: '',
  };
}

/** The location variable: ECM location ids, from the governance phase series. */
export function locationVariable(multi: boolean): JsonObject {
  return queryVariable({
    name: 'location',
    label: 'Location',
    query: 'label_values(ecm_adoption_governance_phase, location)',
    multi,
  });
}

/** Links to the other dashboards; `includeVars` carries `var-location` along. */
export function dashboardLinks(self: string): JsonObject[] {
  const titles: Record<string, string> = {
    [UIDS.overview]: 'Overview',
    [UIDS.wallboard]: 'Wallboard',
    [UIDS.location]: 'Location drill-down',
    [UIDS.governance]: 'Governance',
    [UIDS.exporter]: 'Exporter health',
    [UIDS.recordQuality]: 'Record quality and feedback',
  };
  return Object.entries(titles)
    .filter(([uid]) => uid !== self)
    .map(([uid, title]) => ({
      type: 'link',
      title,
      url: `/d/${uid}`,
      icon: 'dashboard',
      includeVars: true,
      keepTime: false,
      targetBlank: false,
      asDropdown: false,
      tags: [],
      tooltip: '',
    }));
}

export interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  time: { from: string; to: string };
  refresh: string;
  variables: JsonObject[];
  panels: PanelSpec[];
  hideTimePicker?: boolean;
}

export function dashboard(spec: DashboardSpec): JsonObject {
  return {
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: ['ecm-adoption', ...spec.tags],
    editable: true,
    graphTooltip: 1,
    schemaVersion: 41,
    version: 1,
    timezone: 'browser',
    refresh: spec.refresh,
    time: spec.time,
    timepicker: { hidden: spec.hideTimePicker ?? false },
    fiscalYearStartMonth: 0,
    liveNow: false,
    weekStart: 'monday',
    annotations: { list: [] },
    links: dashboardLinks(spec.uid),
    templating: { list: spec.variables },
    panels: panels(spec.panels),
  };
}

/**
 * Options of the adoption panel, typed by the plugin's own options interface, so a renamed
 * option fails this build instead of silently falling back to a default in Grafana.
 */
export function adoptionPanelOptions(overrides: Partial<AdoptionPanelOptions>): JsonObject {
  // The panel's own defaults; only the drill-down link is specific to these dashboards.
  const o: AdoptionPanelOptions = {
    ...DEFAULT_OPTIONS,
    drilldownUrl: `/d/${UIDS.location}?var-location=\${location}&var-indicator=\${indicator}`,
    ...overrides,
  };
  return {
    view: o.view,
    indicators: [...o.indicators],
    locations: [...o.locations],
    trendIndicator: o.trendIndicator,
    window: o.window,
    period: o.period,
    timezone: o.timezone,
    decimals: o.decimals,
    sparklinePeriods: o.sparklinePeriods,
    drilldownUrl: o.drilldownUrl,
    lowerIsBetter: [...o.lowerIsBetter],
  };
}
