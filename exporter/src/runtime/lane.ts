/**
 * One lane's refresh: its locations first, then its units, each in its own READ
 * ONLY transaction with a statement timeout, all against one fixed `now`, under one
 * overall deadline. Single-flight: while a run is in flight, every caller joins it.
 *
 * At the deadline (or on abort, at shutdown) the lane stops waiting: the connections
 * still in use are interrupted (cancel sent, socket destroyed, dropped from the
 * pool), every unit not finished is reported failed, and the result is published at
 * once, so a frozen database costs one deadline, never a hung exporter. A failed
 * unit is simply absent from the result; nothing of an earlier run is carried over.
 */
import type { Db } from '../db/types.ts';
import type { LocationInfo, QueryUnit, UnitContext, UnitOutcome } from '../engine/types.ts';
import type { Clock, Timers } from './clock.ts';
import { createSlicer } from '../engine/slices.ts';
import { validateFamiliesInSlices } from './exposition.ts';
import { assembleQueryName, type DomainName, type LaneName, type LanePipeline, type SourceName, type UnitPlan } from './pipeline.ts';
import type { LaneResult, RefreshLogger, UnitReport } from './results.ts';

export interface LaneOptions<Settings> {
  name: LaneName;
  pipeline: LanePipeline<Settings>;
  /** The database a unit of this lane runs on, by its source. */
  dbFor(source: SourceName): Db;
  clock: Clock;
  timers: Timers;
  statementTimeoutMs: number;
  /** Units run in parallel up to this many (the lane's pool size; 1 for PGlite). */
  concurrency: number;
  /** Overall deadline of one run, in milliseconds. */
  deadlineMs: number;
  logger: RefreshLogger;
}

export interface LaneStats {
  refreshesTotal: number;
  deadlineExceededTotal: number;
  /** Cumulative errors per query label, every query of the lane present from the start. */
  queryErrorsTotal: ReadonlyMap<string, number>;
}

export interface Lane {
  readonly name: LaneName;
  /** Starts a run, or joins the one in flight. Never rejects: failures are in the result. */
  run(): Promise<LaneResult>;
  /** Interrupts the run in flight (shutdown); it resolves at once with its units failed. */
  abort(reason: string): void;
  stats(): LaneStats;
  /** Resolves when no run is in flight. */
  idle(): Promise<void>;
}

/** Microsecond precision is plenty for durations and keeps float noise out of the exposition. */
const seconds = (ms: number): number => Math.round(ms * 1000) / 1e6;

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

interface Finished {
  outcome: UnitOutcome<unknown>;
  report: UnitReport;
}

export function createLane<Settings>(options: LaneOptions<Settings>): Lane {
  const { name, pipeline, clock, timers, statementTimeoutMs, logger } = options;
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const locationsPlan: UnitPlan<Settings> = { unit: pipeline.locations.unit, domain: pipeline.locations.domain, source: 'ecm', perLocation: true };
  const plans = [locationsPlan, ...pipeline.units];
  const assembleName = assembleQueryName(name);
  const errors = new Map<string, number>([...plans.map((plan): [string, number] => [plan.unit.name, 0]), [assembleName, 0]]);
  const count = (query: string): void => void errors.set(query, (errors.get(query) ?? 0) + 1);
  let refreshesTotal = 0;
  let deadlineExceededTotal = 0;
  let inFlight: Promise<LaneResult> | undefined;
  let abortCurrent: ((reason: string) => void) | undefined;
  let noticed = new Set<string>();

  async function runOnce(): Promise<LaneResult> {
    const takenAt = clock.now();
    const started = clock.monotonicMs();
    const controller = new AbortController();
    const finished = new Map<string, Finished>();
    let stopReason: string | undefined;
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const halt = (reason: string): void => {
      if (stopReason !== undefined) return;
      stopReason = reason;
      controller.abort(new Error(reason));
      stop();
    };
    abortCurrent = halt;
    let deadlineExceeded = false;
    const deadline = timers.after(options.deadlineMs, () => {
      deadlineExceeded = true;
      deadlineExceededTotal += 1;
      halt(`refresh deadline exceeded (${seconds(options.deadlineMs)} s)`);
    });

    const runUnit = async (plan: UnitPlan<Settings>, context: UnitContext<Settings>): Promise<void> => {
      const unit: QueryUnit<Settings, unknown> = plan.unit;
      const begun = clock.monotonicMs();
      let outcome: UnitOutcome<unknown>;
      try {
        const value = await options.dbFor(plan.source).readOnly((tx) => unit.run(tx, context), { statementTimeoutMs, signal: controller.signal });
        outcome = { ok: true, value };
      } catch (error) {
        outcome = { ok: false, error: asError(error) };
      }
      // A unit finishing after the deadline was already reported failed: its late value is dropped.
      if (stopReason !== undefined) return;
      const durationSeconds = seconds(clock.monotonicMs() - begun);
      const base = { name: unit.name, domain: plan.domain, source: plan.source, durationSeconds };
      finished.set(unit.name, { outcome, report: outcome.ok ? { ...base, ok: true } : { ...base, ok: false, error: outcome.error.message } });
    };

    const base: UnitContext<Settings> = { now: takenAt, settings: pipeline.settings, locations: [] };
    let locations: LocationInfo[] = [];
    let runnable: Array<UnitPlan<Settings>> = [];
    const work = (async () => {
      await runUnit(locationsPlan, base);
      const located = finished.get(locationsPlan.unit.name)?.outcome;
      locations = located?.ok ? pipeline.locationsFrom(located) : [];
      // Without locations nothing per location can be computed: only the units that need none run.
      runnable = pipeline.units.filter((plan) => located?.ok === true || !plan.perLocation);
      const context: UnitContext<Settings> = { ...base, locations };
      let next = 0;
      const worker = async (): Promise<void> => {
        while (stopReason === undefined && next < runnable.length) {
          const plan = runnable[next++];
          if (plan !== undefined) await runUnit(plan, context);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, runnable.length) }, worker));
    })().catch((error: unknown) => {
      // runUnit catches every query error; this is a defect in the pipeline (locationsFrom).
      logger.warn({ lane: name, err: asError(error).message }, 'lane run failed outside any query');
    });
    await Promise.race([work, stopped]);
    deadline.cancel();
    abortCurrent = undefined;
    const reason = stopReason;
    stopReason ??= 'done'; // late finishers are ignored from here on

    // Reported: the locations, and every unit this run was to run (all of them when it was
    // stopped before the locations answered). Pipeline order, not completion order, so the
    // exposition is stable from one run to the next.
    const attempted = [locationsPlan, ...(finished.has(locationsPlan.unit.name) ? runnable : pipeline.units)];
    const { reports, outcomes } = collect(attempted, finished, reason ?? 'not run');
    for (const report of reports) if (!report.ok) count(report.name);
    const assembled = await assemble(outcomes, { ...base, locations });
    const units = [...reports, assembled.report];
    const ok = units.every((unit) => unit.ok);
    const result: LaneResult = Object.freeze({
      lane: name,
      takenAt,
      durationSeconds: seconds(clock.monotonicMs() - started),
      ok,
      families: Object.freeze(assembled.families),
      units: Object.freeze(units),
      domainsRead: Object.freeze(domainsRead(plans, reports, assembled.report.ok)),
      locationsRead: finished.get(locationsPlan.unit.name)?.outcome.ok === true,
      deadlineExceeded,
    });
    refreshesTotal += 1;
    tellNotices(outcomes);
    const failed = units.filter((unit) => !unit.ok);
    if (ok) logger.info({ lane: name, durationSeconds: result.durationSeconds }, 'refresh done');
    else
      logger.warn(
        { lane: name, durationSeconds: result.durationSeconds, failed: Object.fromEntries(failed.map((unit) => [unit.name, unit.error ?? 'failed'])) },
        'refresh done with failed queries',
      );
    return result;
  }

  async function assemble(
    outcomes: ReadonlyMap<string, UnitOutcome<unknown>>,
    context: UnitContext<Settings>,
  ): Promise<{ families: LaneResult['families']; report: UnitReport }> {
    const started = clock.monotonicMs();
    const report = (error?: string): UnitReport => {
      const durationSeconds = seconds(clock.monotonicMs() - started);
      if (error === undefined) return { name: assembleName, ok: true, durationSeconds };
      count(assembleName);
      return { name: assembleName, ok: false, durationSeconds, error };
    };
    try {
      const { valid, problems } = await validateFamiliesInSlices(await pipeline.assemble(outcomes, context), createSlicer());
      return { families: valid, report: report(problems.length === 0 ? undefined : `invalid families dropped: ${problems.join('; ')}`) };
    } catch (error) {
      return { families: [], report: report(asError(error).message) };
    }
  }

  /** Logs each notice once, when it first appears; again only after it went away and came back. */
  function tellNotices(outcomes: ReadonlyMap<string, UnitOutcome<unknown>>): void {
    const notices = pipeline.notices?.(outcomes) ?? [];
    for (const notice of notices) if (!noticed.has(notice.key)) logger.warn({ lane: name, ...notice.fields }, notice.message);
    noticed = new Set(notices.map((notice) => notice.key));
  }

  return {
    name,
    run() {
      inFlight ??= runOnce().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    abort: (reason) => abortCurrent?.(reason),
    stats: () => ({ refreshesTotal, deadlineExceededTotal, queryErrorsTotal: new Map(errors) }),
    async idle() {
      if (inFlight) await inFlight;
    },
  };
}

/** The outcome and report of every attempted unit; one that did not finish failed for `reason` (deadline, shutdown). */
function collect<Settings>(
  attempted: ReadonlyArray<UnitPlan<Settings>>,
  finished: ReadonlyMap<string, Finished>,
  reason: string,
): { reports: UnitReport[]; outcomes: Map<string, UnitOutcome<unknown>> } {
  const reports: UnitReport[] = [];
  const outcomes = new Map<string, UnitOutcome<unknown>>();
  for (const plan of attempted) {
    const done = finished.get(plan.unit.name) ?? {
      outcome: { ok: false, error: new Error(reason) },
      report: { name: plan.unit.name, domain: plan.domain, source: plan.source, ok: false, durationSeconds: 0, error: reason },
    };
    reports.push(done.report);
    outcomes.set(plan.unit.name, done.outcome);
  }
  return { reports, outcomes };
}

/** The domains of which every unit ran and succeeded in this run (the assembly included). */
function domainsRead<Settings>(plans: ReadonlyArray<UnitPlan<Settings>>, reports: readonly UnitReport[], assembled: boolean): DomainName[] {
  if (!assembled) return [];
  const byName = new Map(reports.map((report) => [report.name, report]));
  const domains = [...new Set(plans.map((plan) => plan.domain))];
  return domains.filter((domain) => plans.filter((plan) => plan.domain === domain).every((plan) => byName.get(plan.unit.name)?.ok === true));
}
