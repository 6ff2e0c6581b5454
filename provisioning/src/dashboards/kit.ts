/**
 * Small builders for Grafana dashboard JSON (schemaVersion 41, Grafana 12.3), so the five
 * dashboards share one datasource uid, one location variable and one way of linking.
 * Everything here is plain data: a dashboard is a value, written to JSON by ../build-dashboards.ts.
 * The values are typed with Grafana's own dashboard schema (@grafana/schema, the version the panel
 * is built against) and each core panel's options and field config types, so a misspelt or
 * misplaced field is a compile error rather than something Grafana silently ignores.
 */
import {
  BigValueColorMode,
  BigValueGraphMode,
  BigValueJustifyMode,
  BigValueTextMode,
  DashboardCursorSync,
  ThresholdsMode,
  VariableHide,
  VariableRefresh,
  VariableSort,
  type Dashboard,
  type DashboardLink,
  type DataQuery,
  type DataSourceRef,
  type FieldConfigSource,
  type GridPos,
  type Panel,
  type VariableModel,
} from '@grafana/schema';
import type { Options as BarGaugeOptions } from '@grafana/schema/dist/esm/raw/composable/bargauge/panelcfg/x/BarGaugePanelCfg_types.gen';
import type { Options as StatOptions } from '@grafana/schema/dist/esm/raw/composable/stat/panelcfg/x/StatPanelCfg_types.gen';
import type {
  FieldConfig as TableFieldConfig,
  Options as TableOptions,
} from '@grafana/schema/dist/esm/raw/composable/table/panelcfg/x/TablePanelCfg_types.gen';
import type {
  FieldConfig as TimeSeriesFieldConfig,
  Options as TimeSeriesOptions,
} from '@grafana/schema/dist/esm/raw/composable/timeseries/panelcfg/x/TimeSeriesPanelCfg_types.gen';
import { DEFAULT_OPTIONS, type AdoptionPanelOptions } from '../../../plugin/src/types.ts';

export const PROMETHEUS: DataSourceRef = { type: 'prometheus', uid: 'ecm-prometheus' };
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

export interface Target {
  refId: string;
  expr: string;
  legendFormat?: string;
  instant?: boolean;
  format?: 'time_series' | 'table';
  /** Minimum step of a range query (Grafana's per-query "Min step"), e.g. '1w'. */
  interval?: string;
}

/**
 * A Prometheus query as a dashboard stores it (PromQuery of @grafana/prometheus, which
 * @grafana/schema does not carry): the common DataQuery fields plus the Prometheus ones used here.
 */
export interface PrometheusQuery extends DataQuery {
  expr: string;
  range: boolean;
  instant: boolean;
  legendFormat?: string;
  format?: 'time_series' | 'table' | 'heatmap';
  interval?: string;
}

function target({ refId, expr, legendFormat, instant, format, interval }: Target): PrometheusQuery {
  const query: PrometheusQuery = { refId, datasource: PROMETHEUS, expr, range: !instant, instant: instant ?? false };
  if (legendFormat !== undefined) query.legendFormat = legendFormat;
  if (format !== undefined) query.format = format;
  if (interval !== undefined) query.interval = interval;
  return query;
}

/** Options and field config by panel type: each core panel's own types, the adoption panel's options. */
type PanelKind =
  | { type: 'stat'; options?: Partial<StatOptions>; fieldConfig?: FieldConfigSource }
  | { type: 'bargauge'; options?: Partial<BarGaugeOptions>; fieldConfig?: FieldConfigSource }
  | { type: 'table'; options?: Partial<TableOptions>; fieldConfig?: FieldConfigSource<Partial<TableFieldConfig>> }
  | { type: 'timeseries'; options?: Partial<TimeSeriesOptions>; fieldConfig?: FieldConfigSource<Partial<TimeSeriesFieldConfig>> }
  | { type: typeof PANEL_PLUGIN_ID; options: AdoptionPanelOptions; fieldConfig?: FieldConfigSource };

/** Panel fields beyond type, title, queries, options and field config, as Grafana names them. */
export type PanelExtras = Partial<Pick<Panel, 'interval' | 'repeat' | 'repeatDirection' | 'maxPerRow' | 'transformations' | 'maxDataPoints'>>;

export type PanelSpec = PanelKind & {
  title: string;
  gridPos: GridPos;
  targets: Target[];
  description?: string;
  extra?: PanelExtras;
};

/** A panel as written: Grafana's Panel, its queries typed as Prometheus queries. */
export type DashboardPanel = Omit<Panel, 'targets'> & { targets: PrometheusQuery[] };

/** A dashboard as written: Grafana's Dashboard, its panels typed as above. */
export type DashboardJson = Omit<Dashboard, 'panels'> & { panels: DashboardPanel[] };

/** Assigns panel ids in order, so ids are stable and unique within a dashboard. */
export function panels(specs: PanelSpec[]): DashboardPanel[] {
  return specs.map((spec, index) => ({
    id: index + 1,
    type: spec.type,
    title: spec.title,
    description: spec.description ?? '',
    datasource: PROMETHEUS,
    gridPos: { ...spec.gridPos },
    targets: spec.targets.map(target),
    options: { ...spec.options },
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
      colorMode: BigValueColorMode.Background,
      graphMode: BigValueGraphMode.None,
      textMode: BigValueTextMode.ValueAndName,
      justifyMode: BigValueJustifyMode.Center,
      text: { titleSize: 28, valueSize: 96 },
    },
    fieldConfig: {
      defaults: {
        unit: 'none',
        decimals: 0,
        noValue: 'no data',
        thresholds: {
          mode: ThresholdsMode.Absolute,
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

export interface VariableSpec {
  name: string;
  label: string;
  query: string;
  multi: boolean;
}

/**
 * A query variable as Grafana saves one: the schema's VariableModel plus `definition`, the query
 * text Grafana's variable list shows (its QueryVariableModel has it; the schema does not).
 */
export type QueryVariable = VariableModel & { definition: string };

/** A query variable over label values, refreshed on dashboard load. */
export function queryVariable({ name, label, query, multi }: VariableSpec): QueryVariable {
  return {
    type: 'query',
    name,
    label,
    datasource: PROMETHEUS,
    definition: query,
    // qryType 1: label values (the Prometheus variable editor's PromVariableQueryType).
    query: { query, refId: `${name}-values`, qryType: 1 },
    refresh: VariableRefresh.onDashboardLoad,
    sort: VariableSort.alphabeticalAsc,
    multi,
    includeAll: multi,
    options: [],
    hide: VariableHide.dontHide,
    regex: '',
  };
}

/** The location variable: ECM location ids, from the governance phase series. */
export function locationVariable(multi: boolean): QueryVariable {
  return queryVariable({
    name: 'location',
    label: 'Location',
    query: 'label_values(ecm_adoption_governance_phase, location)',
    multi,
  });
}

/** Links to the other dashboards; `includeVars` carries `var-location` along. */
export function dashboardLinks(self: string): DashboardLink[] {
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
    .map(([uid, title]): DashboardLink => ({
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
  variables: VariableModel[];
  panels: PanelSpec[];
  hideTimePicker?: boolean;
  /** Links after the ones to the other dashboards. */
  links?: DashboardLink[];
}

export function dashboard(spec: DashboardSpec): DashboardJson {
  return {
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: ['ecm-adoption', ...spec.tags],
    editable: true,
    graphTooltip: DashboardCursorSync.Crosshair,
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
    links: [...dashboardLinks(spec.uid), ...(spec.links ?? [])],
    templating: { list: spec.variables },
    panels: panels(spec.panels),
  };
}

/**
 * Options of the adoption panel, typed by the plugin's own options interface, so a renamed
 * option fails this build instead of silently falling back to a default in Grafana.
 */
export function adoptionPanelOptions(overrides: Partial<AdoptionPanelOptions>): AdoptionPanelOptions {
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
