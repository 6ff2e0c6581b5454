import {
  dateTime,
  EventBusSrv,
  LoadingState,
  type DataFrame,
  type InterpolateFunction,
  type PanelProps,
  type TimeRange,
} from '@grafana/data';

import { DEFAULT_OPTIONS, type AdoptionPanelOptions } from '../types';

export function timeRangeOf(from: string | number, to: string | number): TimeRange {
  const range = { from: dateTime(from), to: dateTime(to) };
  return { ...range, raw: range };
}

/** Props as Grafana passes them to a panel, for component and browser tests. */
export function panelProps(
  series: DataFrame[],
  options: Partial<AdoptionPanelOptions>,
  extra: { timeRange: TimeRange; width?: number; height?: number; replaceVariables?: InterpolateFunction }
): PanelProps<AdoptionPanelOptions> {
  return {
    id: 1,
    title: 'Adoption',
    data: { series, state: LoadingState.Done, timeRange: extra.timeRange },
    timeRange: extra.timeRange,
    timeZone: 'browser',
    options: { ...DEFAULT_OPTIONS, ...options },
    fieldConfig: { defaults: {}, overrides: [] },
    transparent: false,
    width: extra.width ?? 1200,
    height: extra.height ?? 800,
    renderCounter: 0,
    eventBus: new EventBusSrv(),
    replaceVariables: extra.replaceVariables ?? ((value: string) => value),
    onOptionsChange: () => undefined,
    onFieldConfigChange: () => undefined,
    onChangeTimeRange: () => undefined,
  };
}
