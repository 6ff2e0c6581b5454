/**
 * Panel options of `ecm-adoption-panel`. These names are a contract: provisioned dashboards
 * (provisioning/) embed them in dashboard JSON, so rename only with a migration handler.
 */

/** Which of the three views the panel draws. */
export type AdoptionView = 'scorecard' | 'trend' | 'wallboard';

/**
 * How review periods are cut: `auto` follows each location's governance phase
 * (calendar weeks while `weekly`, calendar months once `monthly`); the others force one.
 */
export type PeriodMode = 'auto' | 'weekly' | 'monthly';

/**
 * Which rolling window gives a cell's current value: `auto` uses the one the exporter
 * judges the phase by (7d in weekly governance, 28d in monthly).
 */
export type WindowMode = 'auto' | '7d' | '28d';

/** Direction of an indicator, as published in `ecm_adoption_indicator_info{direction}` (shared with the exporter). */
export type { Direction } from '../../exporter/src/shared/indicators';

export interface AdoptionPanelOptions {
  view: AdoptionView;
  /** Indicators shown, in this order; empty shows every indicator found, in the standard order. */
  indicators: string[];
  /**
   * Locations shown; empty shows all. Entries may be dashboard variables (`$location`),
   * multi-value variables expand to several locations.
   */
  locations: string[];
  /** The one indicator the Trend view draws; empty uses the first shown indicator. */
  trendIndicator: string;
  window: WindowMode;
  period: PeriodMode;
  /** IANA time zone that calendar weeks (Monday start) and months are cut in. */
  timezone: string;
  /** Decimal places of percentages. */
  decimals: number;
  /** How many review periods the scorecard sparklines show. */
  sparklinePeriods: number;
  /**
   * Link opened from a cell or tile; `${location}` and `${indicator}` are replaced
   * (URL-encoded), then dashboard variables. Empty disables drill-down.
   */
  drilldownUrl: string;
  /**
   * Indicators where lower is better. Used only when the query returns no
   * `ecm_adoption_indicator_info` series, which carries the direction otherwise.
   */
  lowerIsBetter: string[];
}

export const DEFAULT_OPTIONS: AdoptionPanelOptions = {
  view: 'scorecard',
  indicators: [],
  locations: [],
  trendIndicator: '',
  window: 'auto',
  period: 'auto',
  timezone: 'Europe/London',
  decimals: 0,
  sparklinePeriods: 12,
  drilldownUrl: '',
  lowerIsBetter: ['note_duplication'],
};

/** Options as saved may lack keys (older or hand-written dashboards): fill each from the defaults. */
export function withDefaults(saved: Partial<AdoptionPanelOptions> | undefined): AdoptionPanelOptions {
  const merged: AdoptionPanelOptions = { ...DEFAULT_OPTIONS };
  for (const key of Object.keys(DEFAULT_OPTIONS) as Array<keyof AdoptionPanelOptions>) {
    const value = saved?.[key];
    if (value !== undefined && value !== null) {
      Object.assign(merged, { [key]: value });
    }
  }
  return merged;
}
