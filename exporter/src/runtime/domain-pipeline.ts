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
  assembleLiveFamilies,
  buildHistoryUnits,
  buildLiveGaugeUnits,
  INDICATORS,
  locationsFromOutcome,
  locationsUnit,
  LOCATIONS_UNIT_NAME,
  type IndicatorSettings,
} from '../engine/domain.ts';
import { historyFamilySteps } from '../engine/domain-history.ts';
import { createIncrementalEngine, REVERIFY_MINUTES, type EngineLogger } from '../engine/incremental/engine.ts';
import { engineFamilies } from '../engine/incremental/self-metrics.ts';
import { createSlicer, runInSlices } from '../engine/slices.ts';
import type { UnitOutcome } from '../engine/types.ts';
import { assembleGovernanceFamilies, governanceNotices, governanceQueryUnits, phasesFromFamilies } from '../governance/units.ts';
import type { RefreshPipeline, UnitPlan } from './pipeline.ts';

/** Query label of the history lane's own locations read. */
export const HISTORY_LOCATIONS_UNIT_NAME = 'history_locations';

export interface DomainPipelineOptions {
  /** refresh.reverifyMinutes (default REVERIFY_MINUTES.default). */
  reverifyMinutes?: number;
  /** Where the indicator engine says why it computed everything again, and what re-verification found. */
  logger?: EngineLogger;
}

/** Build once per process: the indicator engine keeps its partial aggregates in memory between refreshes. */
export function createDomainPipeline(settings: IndicatorSettings, options: DomainPipelineOptions = {}): RefreshPipeline<IndicatorSettings> {
  const engine = createIncrementalEngine({ reverifyMinutes: options.reverifyMinutes ?? REVERIFY_MINUTES.default, logger: options.logger });
  const safetyUnits = buildLiveGaugeUnits().map((unit): UnitPlan<IndicatorSettings> => ({ unit, domain: 'safety', source: 'ecm', perLocation: true }));
  const historyUnits: Array<UnitPlan<IndicatorSettings>> = [
    ...buildHistoryUnits(engine).map((unit): UnitPlan<IndicatorSettings> => ({ unit, domain: 'indicators', source: 'ecm', perLocation: true })),
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
      assemble: async (outcomes, context) => {
        // The domain reads its locations outcome (skipped location rows) under its own name.
        const domainOutcomes = new Map<string, UnitOutcome<unknown>>(outcomes);
        const located = outcomes.get(HISTORY_LOCATIONS_UNIT_NAME);
        if (located) domainOutcomes.set(LOCATIONS_UNIT_NAME, located);
        // Every window of every location: in slices, so scrapes are answered meanwhile.
        const domain = await runInSlices(historyFamilySteps(domainOutcomes, context), createSlicer());
        // Review due/overdue needs each location's phase, which the domain derives.
        const governance = { now: context.now, locations: context.locations, minCohort: context.settings.minCohort, phases: phasesFromFamilies(domain) };
        return [...domain, ...assembleGovernanceFamilies(outcomes, governance), ...engineFamilies(engine)];
      },
      notices: governanceNotices,
    },
  };
}

/** The indicator list for the landing page: definitions only. */
export function indicatorSummaries(): IndicatorSummary[] {
  return INDICATORS.map(({ name, title, direction, description }) => ({ name, title, direction, description }));
}
