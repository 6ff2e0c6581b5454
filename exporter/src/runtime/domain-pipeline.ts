/**
 * The one place the runtime meets the indicator domain (src/engine/domain.ts):
 * its locations unit first, then every unit of buildQueryUnits(), then
 * assembleFamilies() over all outcomes, locations included.
 */
import type { IndicatorSummary } from '../app.ts';
import { assembleFamilies, buildQueryUnits, INDICATORS, locationsFromOutcome, locationsUnit, type IndicatorSettings } from '../engine/domain.ts';
import type { RefreshPipeline } from './pipeline.ts';
import { assembleGovernanceFamilies, governanceQueryUnits, phasesFromFamilies } from '../governance/units.ts';

export function createDomainPipeline(settings: IndicatorSettings): RefreshPipeline<IndicatorSettings> {
  return {
    settings,
    locations: locationsUnit,
    locationsFrom: locationsFromOutcome,
    // Governance evidence (schema `adoption`, same database) rides along; its review due/overdue needs the domain's phases.
    units: [...buildQueryUnits(), ...governanceQueryUnits()],
    assemble: (outcomes, context) => {
      const domain = assembleFamilies(outcomes, context);
      const governance = { now: context.now, locations: context.locations, minCohort: context.settings.minCohort, phases: phasesFromFamilies(domain) };
      return [...domain, ...assembleGovernanceFamilies(outcomes, governance)];
    },
  };
}

/** The indicator list for the landing page: definitions only. */
export function indicatorSummaries(): IndicatorSummary[] {
  return INDICATORS.map(({ name, title, direction, description }) => ({ name, title, direction, description }));
}
