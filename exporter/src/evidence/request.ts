/**
 * What an evidence pack is asked for (CLI flags or the /evidence query string) and
 * the period each location gets. Bad input is one EvidenceInputError naming what is
 * wrong; the CLI prints it as one line (exit 2), the endpoint answers 400 or 404.
 */
import { UserError } from '../errors.ts';
import { addDays, localDate, mondayOnOrAfter, mondayOnOrBefore } from '../engine/domain-time.ts';
import type { LocationInfo } from '../engine/types.ts';
import { dayLabel } from './format.ts';

export class EvidenceInputError extends UserError {
  constructor(
    message: string,
    readonly httpStatus: 400 | 404 = 400,
  ) {
    super(message, 2);
  }
}

export interface EvidenceRequest {
  /** One location id, or every location. */
  scope: { kind: 'location'; locationId: string } | { kind: 'all' };
  /** Local dates 'YYYY-MM-DD', inclusive; default go-live and today. */
  from?: string | undefined;
  to?: string | undefined;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date as written, or an error naming the flag. */
export function parseDateFlag(value: string, name: string): string {
  const match = DATE.exec(value);
  const [, year = '0', month = '0', day = '0'] = match ?? [];
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (!match || date.toISOString().slice(0, 10) !== value) {
    throw new EvidenceInputError(`${name}: not a calendar date "${value.slice(0, 40)}" (expected YYYY-MM-DD, e.g. 2026-09-01)`);
  }
  return value;
}

export function parseEvidenceRequest(input: {
  location?: string | undefined;
  all?: boolean | undefined;
  from?: string | undefined;
  to?: string | undefined;
}): EvidenceRequest {
  if (input.all && input.location !== undefined) throw new EvidenceInputError('give either --location ID or --all, not both');
  if (!input.all && (input.location === undefined || input.location === ''))
    throw new EvidenceInputError('say which location: --location ID (or --all for every location)');
  const from = input.from === undefined || input.from === '' ? undefined : parseDateFlag(input.from, 'from');
  const to = input.to === undefined || input.to === '' ? undefined : parseDateFlag(input.to, 'to');
  if (from !== undefined && to !== undefined && from > to) throw new EvidenceInputError(`from (${from}) is after to (${to})`);
  return { scope: input.all || input.location === undefined ? { kind: 'all' } : { kind: 'location', locationId: input.location }, from, to };
}

/** The locations a request covers; an unknown id is an error listing the known ones. */
export function selectLocations(request: EvidenceRequest, locations: readonly LocationInfo[]): LocationInfo[] {
  if (locations.length === 0) throw new EvidenceInputError('the ECM database has no locations (ecm.locations is empty)', 404);
  if (request.scope.kind === 'all') return [...locations];
  const { locationId } = request.scope;
  const found = locations.find((location) => location.locationId === locationId);
  if (!found) {
    const known = locations.map((location) => location.locationId);
    const listed = known.length > 12 ? `${known.slice(0, 12).join(', ')} and ${known.length - 12} more` : known.join(', ');
    throw new EvidenceInputError(`unknown location "${locationId.slice(0, 80)}" (known: ${listed})`, 404);
  }
  return [found];
}

/** The period one location is reported on, or why there is nothing to report. */
export type ResolvedPeriod =
  | {
      ok: true;
      from: string;
      to: string;
      /** First instant of `from` and the end of the range (exclusive; never after now). */
      starts: Date;
      ends: Date;
      /** The first review period starts on this Monday (whole weeks, as the governance rule judges them). */
      firstMonday: string;
      periodsStart: Date;
      notes: string[];
    }
  | { ok: false; reason: string };

export function resolvePeriod(
  request: EvidenceRequest,
  location: LocationInfo,
  now: Date,
  startOfDay: (date: string, timezone: string) => Date,
): ResolvedPeriod {
  const today = localDate(now, location.timezone);
  const goLive = location.goLiveDate;
  const askedFrom = request.from ?? goLive;
  const askedTo = request.to ?? today;
  if (askedFrom > today) return { ok: false, reason: `the period starts after today (${today}) at ${location.locationId}` };
  if (askedTo < goLive) return { ok: false, reason: `the period ends (${askedTo}) before ${location.locationId} went live (${goLive})` };
  const notes: string[] = [];
  const from = askedFrom < goLive ? goLive : askedFrom;
  if (request.from !== undefined && askedFrom < goLive)
    notes.push(`The period asked for starts on ${dayLabel(askedFrom)}, before go-live: it starts at go-live (${dayLabel(goLive)}).`);
  const to = askedTo > today ? today : askedTo;
  if (request.to !== undefined && askedTo > today)
    notes.push(`The period asked for ends on ${dayLabel(askedTo)}, after today: it ends today (${dayLabel(today)}).`);
  const firstComplete = mondayOnOrAfter(goLive);
  const fromMonday = mondayOnOrBefore(from);
  const firstMonday = fromMonday < firstComplete ? firstComplete : fromMonday;
  const ends = new Date(Math.min(now.getTime(), startOfDay(addDays(to, 1), location.timezone).getTime()));
  const periodsStart = startOfDay(firstMonday, location.timezone);
  if (periodsStart.getTime() >= ends.getTime()) {
    return {
      ok: false,
      reason: `no review period has started yet at ${location.locationId}: the first whole week after go-live (${goLive}) starts on ${firstMonday}`,
    };
  }
  if (firstMonday !== from) notes.push(`Review periods are whole calendar weeks (Monday to Sunday): the first starts on ${dayLabel(firstMonday)}.`);
  return { ok: true, from, to, starts: startOfDay(from, location.timezone), ends, firstMonday, periodsStart, notes };
}
