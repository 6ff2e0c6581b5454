/**
 * Computes an evidence pack on demand. The ECM database is read in ONE READ ONLY
 * transaction with the statement timeout (one snapshot for every indicator), the
 * governance store in another: first every whole week since go-live (the phase
 * replay needs them all), then the review periods that are not whole weeks.
 */
import type { Db } from '../db/types.ts';
import { locationsUnit, type WindowCount, type WindowSpec } from '../engine/domain-units.ts';
import { startOfLocalDay } from '../engine/domain-time.ts';
import type { LocationInfo } from '../engine/types.ts';
import { INDICATORS } from '../indicators/index.ts';
import type { IndicatorSettings } from '../indicators/settings.ts';
import { assembleLocation, periodWindow, type CountsByIndicator, type OkPeriod } from './assemble.ts';
import { readGovernanceRecords } from './governance-read.ts';
import { readAllIndicatorCounts } from './history.ts';
import type { EvidencePack, LocationEvidence } from './model.ts';
import { settingsDigest } from './provenance.ts';
import { EvidenceInputError, resolvePeriod, selectLocations, type EvidenceRequest } from './request.ts';
import { judgedWeeks, phaseSamples, replay, reviewPeriods } from './timeline.ts';

export interface EvidenceContext {
  ecm: Db;
  /** The governance store; the ECM database itself when it is not separate. */
  governance: Db;
  settings: IndicatorSettings;
  statementTimeoutMs: number;
  now: Date;
  version: string;
  /** Printable (redacted) descriptions of the two databases. */
  ecmSource: string;
  governanceSource: string;
}

interface Planned {
  location: LocationInfo;
  period: OkPeriod;
}

function plan(request: EvidenceRequest, locations: readonly LocationInfo[], now: Date): { planned: Planned[]; noData: LocationEvidence[] } {
  const planned: Planned[] = [];
  const noData: LocationEvidence[] = [];
  for (const location of selectLocations(request, locations)) {
    const period = resolvePeriod(request, location, now, startOfLocalDay);
    if (period.ok) planned.push({ location, period });
    else if (request.scope.kind === 'location') throw new EvidenceInputError(period.reason);
    else noData.push({ kind: 'no_data', location, reason: period.reason });
  }
  return { planned, noData };
}

function merge(into: Map<string, Map<string, WindowCount>>, from: CountsByIndicator): void {
  for (const [indicator, counts] of from) {
    const target = into.get(indicator) ?? new Map<string, WindowCount>();
    for (const [key, value] of counts) target.set(key, value);
    into.set(indicator, target);
  }
}

export async function generateEvidence(context: EvidenceContext, request: EvidenceRequest): Promise<EvidencePack> {
  const { settings, now } = context;
  const readOnly = { statementTimeoutMs: context.statementTimeoutMs };
  const sources = { now, settings };
  const computed = await context.ecm.readOnly(async (tx) => {
    const { locations } = await locationsUnit.run(tx, { now, settings, locations: [] });
    const { planned, noData } = plan(request, locations, now);
    const weeks = planned.map(({ location, period }) => ({ location, period, weeks: judgedWeeks(location, period.ends) }));
    const weekWindows: WindowSpec[] = weeks.flatMap(({ location, weeks: list }) =>
      list.map((week) => ({ locationId: location.locationId, label: week.monday, starts: week.starts, ends: week.ends })),
    );
    const counts = new Map(await readAllIndicatorCounts(tx, INDICATORS, weekWindows, sources));
    const perLocation = weeks.map(({ location, period, weeks: list }) => {
      const timeline = replay(location, list, settings, (indicator, monday) => counts.get(indicator)?.get(`${location.locationId}\u0000${monday}`));
      const samples = phaseSamples(location, timeline, settings.phasePins[location.locationId]);
      return { location, period, timeline, samples, periods: reviewPeriods(location, samples, period.periodsStart, period.ends) };
    });
    const known = new Set(weekWindows.map((window) => `${window.locationId}\u0000${window.label}`));
    const extra = perLocation.flatMap(({ location, periods }) =>
      periods.map((p) => periodWindow(location, p)).filter((w) => !known.has(`${w.locationId}\u0000${w.label}`)),
    );
    merge(counts, await readAllIndicatorCounts(tx, INDICATORS, extra, sources));
    return { locations, planned, noData, perLocation, counts };
  }, readOnly);
  const { locations, planned, noData } = computed;

  // One read for every location: from the earliest start to the latest end; each location keeps its own range.
  const starts = new Date(Math.min(...planned.map(({ period }) => period.starts.getTime())));
  const ends = new Date(Math.max(...planned.map(({ period }) => period.ends.getTime())));
  const records =
    planned.length === 0
      ? { present: true, issues: [], actions: [], audits: [], feedback: [], reviews: [] }
      : await context.governance.readOnly(
          (tx) =>
            readGovernanceRecords(
              tx,
              planned.map(({ location }) => location.locationId),
              starts,
              ends,
            ),
          readOnly,
        );

  const evidence = computed.perLocation.map((inputs) => assembleLocation({ ...inputs, settings, counts: computed.counts, records }));
  const order = new Map(locations.map((location, index) => [location.locationId, index]));
  return {
    provenance: {
      generatedAt: now,
      version: context.version,
      ecmSource: context.ecmSource,
      governanceSource: context.governanceSource,
      configDigest: settingsDigest(settings),
      minCohort: settings.minCohort,
      statementTimeoutMs: context.statementTimeoutMs,
    },
    requested: {
      scope: request.scope.kind === 'all' ? 'all locations' : request.scope.locationId,
      ...(request.from ? { from: request.from } : {}),
      ...(request.to ? { to: request.to } : {}),
    },
    locations: [...evidence, ...noData].sort((a, b) => (order.get(a.location.locationId) ?? 0) - (order.get(b.location.locationId) ?? 0)),
  };
}
