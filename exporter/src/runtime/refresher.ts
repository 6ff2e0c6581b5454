/**
 * The refresh: runs every query unit of the pipeline in its own READ ONLY
 * transaction with a statement timeout, all against one fixed `now`, and turns
 * the outcomes into an immutable snapshot. Single-flight: while a refresh runs,
 * every caller gets that same refresh, so scrapers can never pile queries onto
 * the database. A failed unit is reported and simply absent from the snapshot;
 * nothing of an earlier refresh is carried over, so no failure hides behind an
 * old value.
 */
import type { Db } from '../db/types.ts';
import type { MetricFamily, QueryUnit, UnitContext, UnitOutcome } from '../engine/types.ts';
import type { Clock } from './clock.ts';
import { validateFamilies } from './exposition.ts';
import type { RefreshPipeline } from './pipeline.ts';

/** Query label under which invalid families from the assembly are reported. */
export const ASSEMBLE_QUERY = 'assemble';

export interface UnitReport {
  name: string;
  ok: boolean;
  durationSeconds: number;
  error?: string;
}

export interface Snapshot {
  /** The fixed reference time every unit of this refresh computed for. */
  takenAt: Date;
  durationSeconds: number;
  /** True when every unit ran and succeeded, the locations read and the assembly included. */
  ok: boolean;
  families: readonly MetricFamily[];
  units: readonly UnitReport[];
}

export interface RefreshStats {
  refreshesTotal: number;
  /** Cumulative errors per query label, every known query present from the start. */
  queryErrorsTotal: ReadonlyMap<string, number>;
  lastSuccessAt: Date | undefined;
}

export interface RefreshLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

export interface RefresherOptions<Settings> {
  db: Db;
  /**
   * The database a unit runs on, by unit name (default: `db` for every unit).
   * Lets the governance units read a separate store; every database gets the
   * same READ ONLY transaction and statement timeout.
   */
  dbFor?: (unitName: string) => Db;
  pipeline: RefreshPipeline<Settings>;
  clock: Clock;
  statementTimeoutMs: number;
  /** Units run in parallel up to this many (the pool size; 1 for PGlite, which serializes anyway). */
  concurrency: number;
  logger: RefreshLogger;
}

export interface Refresher {
  /** Starts a refresh, or joins the one in flight. Never rejects: failures are in the snapshot. */
  refresh(): Promise<Snapshot>;
  latest(): Snapshot | undefined;
  stats(): RefreshStats;
  /** Resolves when no refresh is in flight (shutdown waits on it before closing the db). */
  idle(): Promise<void>;
}

/** Microsecond precision is plenty for durations and keeps float noise out of the exposition. */
const seconds = (ms: number): number => Math.round(ms * 1000) / 1e6;

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

export function createRefresher<Settings>(options: RefresherOptions<Settings>): Refresher {
  const { db, pipeline, clock, statementTimeoutMs, logger } = options;
  const dbFor = options.dbFor ?? (() => db);
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const queryNames = [pipeline.locations.name, ...pipeline.units.map((unit) => unit.name), ASSEMBLE_QUERY];
  const errors = new Map<string, number>(queryNames.map((name) => [name, 0]));
  let refreshesTotal = 0;
  let lastSuccessAt: Date | undefined;
  let latest: Snapshot | undefined;
  let inFlight: Promise<Snapshot> | undefined;

  async function runUnit<Result>(unit: QueryUnit<Settings, Result>, context: UnitContext<Settings>): Promise<{ outcome: UnitOutcome<Result>; report: UnitReport }> {
    const started = clock.monotonicMs();
    let outcome: UnitOutcome<Result>;
    try {
      const value = await dbFor(unit.name).readOnly((tx) => unit.run(tx, context), { statementTimeoutMs });
      outcome = { ok: true, value };
    } catch (error) {
      outcome = { ok: false, error: asError(error) };
    }
    const durationSeconds = seconds(clock.monotonicMs() - started);
    if (outcome.ok) return { outcome, report: { name: unit.name, ok: true, durationSeconds } };
    errors.set(unit.name, (errors.get(unit.name) ?? 0) + 1);
    logger.warn({ query: unit.name, err: outcome.error.message }, 'query failed');
    return { outcome, report: { name: unit.name, ok: false, durationSeconds, error: outcome.error.message } };
  }

  async function runUnits(context: UnitContext<Settings>): Promise<{ outcomes: Map<string, UnitOutcome<unknown>>; reports: UnitReport[] }> {
    const outcomes = new Map<string, UnitOutcome<unknown>>();
    const reports: UnitReport[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < pipeline.units.length) {
        const unit = pipeline.units[next++];
        if (unit === undefined) return;
        const { outcome, report } = await runUnit(unit, context);
        outcomes.set(unit.name, outcome);
        reports.push(report);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, pipeline.units.length) }, worker));
    // Pipeline order, not completion order, so the exposition is stable from one refresh to the next.
    const order = new Map(pipeline.units.map((unit, index) => [unit.name, index]));
    reports.sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
    const ordered = new Map(reports.flatMap((report): Array<[string, UnitOutcome<unknown>]> => {
      const outcome = outcomes.get(report.name);
      return outcome ? [[report.name, outcome]] : [];
    }));
    return { outcomes: ordered, reports };
  }

  function assemble(outcomes: ReadonlyMap<string, UnitOutcome<unknown>>, context: UnitContext<Settings>): { families: MetricFamily[]; report: UnitReport } {
    const started = clock.monotonicMs();
    const report = (error?: string): UnitReport => {
      const durationSeconds = seconds(clock.monotonicMs() - started);
      if (error === undefined) return { name: ASSEMBLE_QUERY, ok: true, durationSeconds };
      errors.set(ASSEMBLE_QUERY, (errors.get(ASSEMBLE_QUERY) ?? 0) + 1);
      logger.warn({ query: ASSEMBLE_QUERY, err: error }, 'assembly failed; invalid families dropped');
      return { name: ASSEMBLE_QUERY, ok: false, durationSeconds, error };
    };
    try {
      const { valid, problems } = validateFamilies(pipeline.assemble(outcomes, context));
      return { families: valid, report: report(problems.length === 0 ? undefined : problems.join('; ')) };
    } catch (error) {
      return { families: [], report: report(asError(error).message) };
    }
  }

  async function refreshOnce(): Promise<Snapshot> {
    const takenAt = clock.now();
    const started = clock.monotonicMs();
    const base: UnitContext<Settings> = { now: takenAt, settings: pipeline.settings, locations: [] };
    const located = await runUnit(pipeline.locations, base);
    const context: UnitContext<Settings> = { ...base, locations: located.outcome.ok ? pipeline.locationsFrom(located.outcome) : [] };
    // Without locations nothing per location can be computed: the other units are not run.
    const ran = located.outcome.ok ? await runUnits(context) : { outcomes: new Map<string, UnitOutcome<unknown>>(), reports: [] };
    const outcomes = new Map<string, UnitOutcome<unknown>>([[pipeline.locations.name, located.outcome], ...ran.outcomes]);
    const assembled = assemble(outcomes, context);
    const units = [located.report, ...ran.reports, assembled.report];
    const ok = units.every((unit) => unit.ok);
    const snapshot: Snapshot = Object.freeze({
      takenAt,
      durationSeconds: seconds(clock.monotonicMs() - started),
      ok,
      families: Object.freeze(assembled.families),
      units: Object.freeze(units),
    });
    refreshesTotal += 1;
    if (ok) lastSuccessAt = clock.now();
    latest = snapshot;
    logger.info({ ok, durationSeconds: snapshot.durationSeconds, failed: units.filter((u) => !u.ok).map((u) => u.name) }, 'refresh done');
    return snapshot;
  }

  return {
    refresh() {
      inFlight ??= refreshOnce().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    latest: () => latest,
    stats: () => ({ refreshesTotal, queryErrorsTotal: new Map(errors), lastSuccessAt }),
    async idle() {
      if (inFlight) await inFlight;
    },
  };
}
