/**
 * The one place the runtime meets the indicator and governance domains, as two lanes:
 *
 *   safety   locations, then the three live gauges -> assembleLiveFamilies()
 *   history  its own read of the locations, then every indicator (rolling windows and
 *            weekly history), acknowledgement times, skipped rows and the governance
 *            measures -> assembleHistoryFamilies() + assembleGovernanceFamilies()
 *
 * The history lane reads the locations itself (query `history_locations`) rather
 * than borrow the safety lane's, so each lane's families are computed for one set of
 * locations and one `now`, and neither lane waits for the other.
 */
import type { IndicatorSummary } from '../app.ts';
import {
  assembleHistoryFamilies,
  assembleLiveFamilies,
  buildHistoryUnits,
  buildLiveGaugeUnits,
  INDICATORS,
  locationsFromOutcome,
  locationsUnit,
  LOCATIONS_UNIT_NAME,
  type IndicatorSettings,
} from '../engine/domain.ts';
import type { UnitOutcome } from '../engine/types.ts';
import { assembleGovernanceFamilies, governanceNotices, governanceQueryUnits, phasesFromFamilies } from '../governance/units.ts';
import type { RefreshPipeline, UnitPlan } from './pipeline.ts';

/** Query label of the history lane's own locations read. */
export const HISTORY_LOCATIONS_UNIT_NAME = 'history_locations';

/** Build once per process: the indicator units keep settled weeks of their history in memory. */
export function createDomainPipeline(settings: IndicatorSettings): RefreshPipeline<IndicatorSettings> {
  const safetyUnits = buildLiveGaugeUnits().map((unit): UnitPlan<IndicatorSettings> => ({ unit, domain: 'safety', source: 'ecm', perLocation: true }));
  const historyUnits: Array<UnitPlan<IndicatorSettings>> = [
    ...buildHistoryUnits().map((unit): UnitPlan<IndicatorSettings> => ({ unit, domain: 'indicators', source: 'ecm', perLocation: true })),
    // Governance evidence reads schema `adoption` (same database or GOVERNANCE_DATABASE_URL); it runs
    // without ECM locations too, so a down ECM database does not hide that the store answers.
    ...governanceQueryUnits().map((unit): UnitPlan<IndicatorSettings> => ({ unit, domain: 'governance', source: 'governance', perLocation: false })),
  ];
  return {
    safety: {
      settings,
      locations: { unit: locationsUnit, domain: 'safety' },
      locationsFrom: locationsFromOutcome,
      units: safetyUnits,
      assemble: (outcomes, context) => assembleLiveFamilies(outcomes, context),
    },
    history: {
      settings,
      locations: { unit: { ...locationsUnit, name: HISTORY_LOCATIONS_UNIT_NAME }, domain: 'indicators' },
      locationsFrom: locationsFromOutcome,
      units: historyUnits,
      assemble: (outcomes, context) => {
        // The domain reads its locations outcome (skipped location rows) under its own name.
        const domainOutcomes = new Map<string, UnitOutcome<unknown>>(outcomes);
        const located = outcomes.get(HISTORY_LOCATIONS_UNIT_NAME);
        if (located) domainOutcomes.set(LOCATIONS_UNIT_NAME, located);
        const domain = assembleHistoryFamilies(domainOutcomes, context);
        // Review due/overdue needs each location's phase, which the domain derives.
        const governance = { now: context.now, locations: context.locations, minCohort: context.settings.minCohort, phases: phasesFromFamilies(domain) };
        return [...domain, ...assembleGovernanceFamilies(outcomes, governance)];
      },
      notices: governanceNotices,
    },
  };
}

/** The indicator list for the landing page: definitions only. */
export function indicatorSummaries(): IndicatorSummary[] {
  return INDICATORS.map(({ name, title, direction, description }) => ({ name, title, direction, description }));
}
