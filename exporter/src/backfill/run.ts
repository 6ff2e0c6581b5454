/**
 * `backfill`: the indicator history since go-live as OpenMetrics with timestamps, one
 * sample per series per whole hour, one location at a time (memory follows the length
 * of the period, not the number of locations). Each location is read in its own READ
 * ONLY transaction with the statement timeout, by one grouped query per indicator.
 */
import type { Db } from '../db/types.ts';
import { addDays, completeWeeksSince, startOfLocalDay } from '../engine/domain-time.ts';
import { locationsUnit } from '../engine/domain-units.ts';
import type { LocationInfo } from '../engine/types.ts';
import { UserError } from '../errors.ts';
import type { IndicatorSettings } from '../indicators/settings.ts';
import { HOUR_MS, locationHistory, type LocationPlan } from './location.ts';
import { openBackfillOutput, type OutputStats } from './openmetrics.ts';
import { BACKFILL_FAMILIES, writeLocation } from './render.ts';

export interface BackfillRequest {
  /** First local day, YYYY-MM-DD (default: each location's go-live). */
  from?: string | undefined;
  /** Last local day, YYYY-MM-DD, included: hours before the next local midnight (default: up to now, included). */
  to?: string | undefined;
  /** One location id (default: every location). */
  location?: string | undefined;
  /** One file per this many UTC days (named by the first day) instead of one file. */
  splitDays?: number | undefined;
}

export interface BackfillContext {
  db: Db;
  settings: IndicatorSettings;
  statementTimeoutMs: number;
  now: Date;
  /** The file to write (absolute). */
  out: string;
  onProgress?: (done: number, total: number, locationId: string) => void;
}

export interface BackfillSummary extends OutputStats {
  locations: number;
  seconds: number;
}

/** The hours to publish for one location, or undefined when the period holds none of its time since go-live. */
export function planLocation(location: LocationInfo, request: BackfillRequest, now: Date): LocationPlan | undefined {
  const goLive = startOfLocalDay(location.goLiveDate, location.timezone).getTime();
  const from = request.from === undefined ? goLive : Math.max(goLive, startOfLocalDay(request.from, location.timezone).getTime());
  // Up to now included, or up to the end of the --to day excluded (so consecutive periods do not overlap).
  const last =
    request.to === undefined
      ? Math.floor(now.getTime() / HOUR_MS)
      : Math.min(Math.floor(now.getTime() / HOUR_MS), Math.ceil(startOfLocalDay(addDays(request.to, 1), location.timezone).getTime() / HOUR_MS) - 1);
  const hours = { first: Math.ceil(from / HOUR_MS), last };
  if (hours.first > hours.last) return undefined;
  const weeks = completeWeeksSince(location.goLiveDate, location.timezone, new Date(hours.last * HOUR_MS)).map((week) => ({
    monday: week.monday,
    startHour: week.starts.getTime() / HOUR_MS,
    endHour: week.ends.getTime() / HOUR_MS,
  }));
  if (weeks.some((week) => !Number.isInteger(week.startHour) || !Number.isInteger(week.endHour))) {
    // Hourly classes cannot split an hour: a zone whose midnight is not a whole UTC hour would need finer ones.
    throw new UserError(
      `location ${location.locationId}: timezone ${location.timezone} is not a whole number of hours from UTC; backfill supports whole-hour zones only`,
    );
  }
  return { location, hours, weeks };
}

function selectLocations(locations: readonly LocationInfo[], request: BackfillRequest): LocationInfo[] {
  if (locations.length === 0) throw new UserError('the ECM database has no locations (ecm.locations is empty)');
  if (request.location === undefined) return [...locations];
  const found = locations.filter((location) => location.locationId === request.location);
  if (found.length === 0) {
    const known = locations.slice(0, 20).map((location) => location.locationId);
    throw new UserError(`--location: unknown location "${request.location.slice(0, 80)}" (known: ${known.join(', ')}${locations.length > 20 ? ', ...' : ''})`);
  }
  return found;
}

function nothingToDo(locations: readonly LocationInfo[], request: BackfillRequest, now: Date): UserError {
  const earliest = locations.map((location) => location.goLiveDate).sort()[0] ?? '';
  if (request.from !== undefined && request.from > now.toISOString().slice(0, 10)) return new UserError(`--from ${request.from} is in the future`);
  return new UserError(`nothing to backfill: the period ends before go-live (earliest go-live ${earliest}); pass a --to on or after it`);
}

export async function runBackfill(context: BackfillContext, request: BackfillRequest): Promise<BackfillSummary> {
  const started = performance.now();
  const { db, settings, now } = context;
  const readOnly = { statementTimeoutMs: context.statementTimeoutMs };
  const { locations } = await db.readOnly((tx) => locationsUnit.run(tx, { now, settings, locations: [] }), readOnly);
  const selected = selectLocations(locations, request);
  const plans = selected.flatMap((location) => planLocation(location, request, now) ?? []);
  if (plans.length === 0) throw nothingToDo(selected, request, now);
  const output = openBackfillOutput(context.out, BACKFILL_FAMILIES, request.splitDays);
  try {
    for (const [index, plan] of plans.entries()) {
      context.onProgress?.(index, plans.length, plan.location.locationId);
      const history = await db.readOnly((tx) => locationHistory(tx, plan, settings), readOnly);
      await writeLocation(output, history, settings);
    }
    context.onProgress?.(plans.length, plans.length, '');
  } catch (error) {
    await output.abort();
    throw error;
  }
  const stats = await output.finish();
  return { ...stats, locations: plans.length, seconds: (performance.now() - started) / 1000 };
}
