/**
 * What the adoption panel asks Prometheus for: the current value of each family by an instant
 * query, and one point per calendar week of the families it draws over time.
 */
import type { Target } from './kit.ts';

/**
 * The step of the adoption panel's history queries: one point per calendar week. Grafana aligns a
 * range query's start and end down to a multiple of the step counted from the Unix epoch, shifted
 * by the dashboard's UTC offset, so with a 1w step every point falls on a Thursday 00:00 local
 * time (1 Jan 1970 was a Thursday).
 */
export const REVIEW_STEP = '1w';
/**
 * `offset -4d` makes the point stamped Thursday 00:00 carry the value of Monday 00:00 after it:
 * the end of the calendar week (Monday to Sunday) that holds the Thursday. A rolling 7d ratio read
 * there is exactly that week, and the point lies inside the week it describes, which is where the
 * panel looks for it. The current week's point is absent (its Monday is in the future) and comes
 * from the instant queries instead.
 */
export const WEEK_END_OFFSET = 'offset -4d';

/**
 * The newest sample of each series, whatever time Grafana evaluates an instant query at. Grafana
 * evaluates it at the end of the dashboard range aligned DOWN to the step it computes for the
 * panel (promlib QueryInstant reads TimeRange().End; the step is at least range / 11 000 and range
 * / panel width: 1 h for 90 days on a full-width panel). A plain selector would read the sample in
 * force at that rounded time: up to an hour old, and nothing at all in the first hour after a
 * fresh start. The window (T - 5 min, T + 1 day] holds the usual 5-minute lookback before T and
 * every sample after it, so its last sample is the newest for any step up to a day. Prometheus
 * keeps `__name__` on last_over_time, and the refId names the family as well.
 */
export function newest(selector: string): string {
  return `last_over_time(${selector}[1445m] offset -1d)`;
}

/**
 * The adoption panel's queries. Current values come from instant queries (refId = family), so a
 * scorecard is filled by the first scrape and moves only what is on screen now; history comes from
 * range queries stepped one week (refId = family + `_weekly`): ratio for the trend and sparklines,
 * thresholds for the band of each period and governance phase for where weeks turn into months.
 * The panel merges both into one series per label set (plugin/src/data/seriesIndex.ts).
 */
export function adoptionPanelTargets(locationMatcher: string, extraMatcher = ''): Target[] {
  const m = [locationMatcher, extraMatcher].filter(Boolean).join(',');
  const selectors = {
    ratio: `ecm_adoption_indicator_ratio{${m}}`,
    threshold: `ecm_adoption_indicator_threshold_ratio{${m}}`,
    status: `ecm_adoption_indicator_status{${m}}`,
    suppressed: `ecm_adoption_indicator_suppressed{${m}}`,
    info: extraMatcher ? `ecm_adoption_indicator_info{${extraMatcher}}` : 'ecm_adoption_indicator_info',
    phase: `ecm_adoption_governance_phase{${locationMatcher}}`,
  };
  const current = Object.entries(selectors).map(([refId, selector]): Target => ({ refId, expr: newest(selector), instant: true }));
  const weekly = (['ratio', 'threshold', 'phase'] as const).map((family): Target => ({
    refId: `${family}_weekly`,
    expr: `${selectors[family]} ${WEEK_END_OFFSET}`,
    interval: REVIEW_STEP,
  }));
  return [...current, ...weekly];
}
