/**
 * What every indicator shares per location: the governance phase (pinned, or
 * replayed from the weekly history of all core indicators), its streak, and the
 * go-live date. The indicators' status and thresholds follow the phase.
 */
import type { IndicatorCounts } from './incremental/results.ts';
import { INDICATORS } from '../indicators/index.ts';
import type { IndicatorSettings } from '../indicators/settings.ts';
import { governancePhase, type PhaseResult, type WeekCounts } from '../phase/phase.ts';
import { GO_LIVE_TIMESTAMP_SECONDS, GOVERNANCE_PHASE, GOVERNANCE_STREAK, type LabelName } from '../shared/metrics.ts';
import { GOVERNANCE_PHASES, type GovernancePhase } from '../shared/windows.ts';
import { startOfLocalDay } from './domain-time.ts';
import { weeklyWindows, type WindowCount } from './domain-units.ts';
import { family, type MetricFamily, type Sample, type UnitContext } from './types.ts';

/** A location's phase: replayed (with its streak), or only pinned when the history is incomplete. */
export type LocationPhase = PhaseResult | { phase: GovernancePhase };

/**
 * Phase per location. Without the weekly history of every core indicator (a pass
 * failed) only pinned locations have one: a phase is never guessed from part of it.
 */
export function locationPhases(counts: ReadonlyMap<string, IndicatorCounts>, context: UnitContext<IndicatorSettings>): Map<string, LocationPhase> {
  const { settings } = context;
  const core = INDICATORS.filter((indicator) => settings.coreIndicators.includes(indicator.name)).flatMap((indicator) => {
    const thresholds = settings.thresholds[indicator.name];
    return thresholds ? [{ name: indicator.name, direction: indicator.direction, thresholds }] : [];
  });
  const history = new Map<string, Map<string, WindowCount>>(); // indicator -> "location\u0000week" -> counts
  for (const indicator of core) {
    const weekly = counts.get(indicator.name)?.weekly;
    if (weekly) history.set(indicator.name, new Map(weekly.map((count) => [`${count.locationId}\u0000${count.window}`, count])));
  }
  const historyComplete = history.size === core.length;
  const result = new Map<string, LocationPhase>();
  const weeks = weeklyWindows(context.locations, context.now);
  for (const location of context.locations) {
    const pin = settings.phasePins[location.locationId];
    if (!historyComplete) {
      if (pin) result.set(location.locationId, { phase: pin });
      continue;
    }
    const locationWeeks: WeekCounts[] = weeks
      .filter((week) => week.locationId === location.locationId)
      .map((week) => ({
        monday: week.label,
        byIndicator: new Map(
          core.flatMap((indicator) => {
            const found = history.get(indicator.name)?.get(`${location.locationId}\u0000${week.label}`);
            return found ? [[indicator.name, found] as const] : [];
          }),
        ),
      }));
    result.set(
      location.locationId,
      governancePhase(
        { goLiveDate: location.goLiveDate, weeks: locationWeeks, pin },
        {
          core,
          minCohort: settings.minCohort,
          weeksOnTargetForMonthly: settings.weeksOnTargetForMonthly,
          minWeeksSinceGoLiveForMonthly: settings.minWeeksSinceGoLiveForMonthly,
        },
      ),
    );
  }
  return result;
}

/** ecm_adoption_governance_phase, _streak (replayed phases only) and ecm_adoption_go_live_timestamp_seconds. */
export function locationFamilies(context: UnitContext<IndicatorSettings>, phaseOf: ReadonlyMap<string, LocationPhase>): MetricFamily[] {
  const phase: Array<Sample<LabelName<typeof GOVERNANCE_PHASE>>> = [];
  const streak: Array<Sample<LabelName<typeof GOVERNANCE_STREAK>>> = [];
  for (const location of context.locations) {
    const current = phaseOf.get(location.locationId);
    if (!current) continue;
    for (const candidate of GOVERNANCE_PHASES) {
      phase.push({ labels: { location: location.locationId, phase: candidate }, value: current.phase === candidate ? 1 : 0 });
    }
    if ('weeksOnTarget' in current) streak.push({ labels: { location: location.locationId }, value: current.weeksOnTarget });
  }
  const goLive = context.locations.map((location) => ({
    labels: { location: location.locationId },
    value: startOfLocalDay(location.goLiveDate, location.timezone).getTime() / 1000,
  }));
  return [family(GOVERNANCE_PHASE, phase), family(GOVERNANCE_STREAK, streak), family(GO_LIVE_TIMESTAMP_SECONDS, goLive)];
}
