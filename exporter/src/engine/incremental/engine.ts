/**
 * The incremental indicator engine: one query unit per table pass (tasks, care
 * notes, alerts, shifts), each keeping its partial aggregates between refreshes, so
 * a refresh reads what changed rather than the whole history. The first refresh
 * after a start computes everything, the weekly history since go-live included, in
 * one grouped pass per table; later ones read the recent buckets, the buckets
 * changed since the previous refresh, the windows' edges, and a slice of the held
 * buckets to re-verify. Build the engine once per process.
 */
import type { IndicatorSettings } from '../../indicators/settings.ts';
import type { QueryUnit, UnitContext } from '../types.ts';
import { refreshPass } from './pass-runner.ts';
import type { PassName, PassSpec } from './pass-spec.ts';
import { alertsPass } from './passes/alerts.ts';
import { careNotesPass } from './passes/care-notes.ts';
import { shiftsPass } from './passes/shifts.ts';
import { tasksPass } from './passes/tasks.ts';
import type { PassState, PassView } from './state.ts';
import { newBudget } from './statements.ts';

/**
 * In the order the history lane starts them: the two longest first, so that with two
 * connections the first refresh (which reads everything) ends about when both do.
 */
export const PASSES: readonly PassSpec[] = Object.freeze([careNotesPass, tasksPass, shiftsPass, alertsPass]);

export { REVERIFY_MINUTES } from './reverify.ts';
/**
 * Change timestamps are read again this long before the previous refresh: covers
 * transactions that commit up to two minutes after the time they record, and clocks
 * of the ECM's writers up to two minutes behind the exporter's. Later arrivals are
 * found by re-verification.
 */
export const CHANGE_OVERLAP_MS = 2 * 60_000;
/** After a gap longer than the 28-day span there is nothing left to bring up to date. */
export const MAX_GAP_MS = 28 * 86_400_000;

export interface EngineLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

export interface EngineOptions {
  reverifyMinutes: number;
  logger?: EngineLogger;
  /** For tests: another overlap than CHANGE_OVERLAP_MS. */
  overlapMs?: number;
  monotonicMs?: () => number;
}

/** Counters since start, for the self-metrics. */
export interface PassCounters {
  fullRecomputes: Map<string, number>;
  bucketsReverified: number;
  differences: number;
}

export interface IncrementalEngine {
  units: ReadonlyArray<QueryUnit<IndicatorSettings, PassView>>;
  counters(pass: PassName): PassCounters;
  /**
   * The next refresh of every pass re-verifies everything held (every bucket since
   * go-live, every settled week): what the spread re-verification does over hours,
   * at once — after the ECM database was repaired by hand, for instance.
   */
  reverifyEverythingNext(): void;
}

/** The query label of a pass's unit. */
export const passUnitName = (pass: PassName): string => `indicators_${pass}`;

export function createIncrementalEngine(options: EngineOptions): IncrementalEngine {
  const counters = new Map<PassName, PassCounters>(PASSES.map((pass) => [pass.name, { fullRecomputes: new Map(), bucketsReverified: 0, differences: 0 }]));
  const everything = new Set<PassName>();
  const units = PASSES.map((spec): QueryUnit<IndicatorSettings, PassView> => {
    let state: PassState | undefined;
    const budget = newBudget();
    const counter = counters.get(spec.name) ?? { fullRecomputes: new Map(), bucketsReverified: 0, differences: 0 };
    return {
      name: passUnitName(spec.name),
      async run(tx, context: UnitContext<IndicatorSettings>) {
        const started = (options.monotonicMs ?? performance.now.bind(performance))();
        const result = await refreshPass({
          spec,
          previous: state,
          tx,
          now: context.now,
          settings: context.settings,
          locations: context.locations,
          reverifyAll: everything.has(spec.name),
          options: {
            overlapMs: options.overlapMs ?? CHANGE_OVERLAP_MS,
            reverifyMs: options.reverifyMinutes * 60_000,
            maxGapMs: MAX_GAP_MS,
            budget,
            monotonicMs: options.monotonicMs ?? (() => performance.now()),
          },
        });
        state = result.state;
        everything.delete(spec.name);
        const { report } = result.view;
        counter.bucketsReverified += report.bucketsReverified;
        counter.differences += report.differences + report.weekDifferences;
        const seconds = Math.round(((options.monotonicMs ?? (() => performance.now()))() - started) / 10) / 100;
        if (report.reason) {
          counter.fullRecomputes.set(report.reason, (counter.fullRecomputes.get(report.reason) ?? 0) + 1);
          options.logger?.info({ pass: spec.name, reason: report.reason, statements: report.statements, seconds }, 'indicator partials computed in full');
        }
        for (const { reason, count } of report.locations) {
          counter.fullRecomputes.set(reason, (counter.fullRecomputes.get(reason) ?? 0) + count);
          options.logger?.info({ pass: spec.name, reason, locations: count }, 'locations computed in full or dropped');
        }
        if (report.differences > 0 || report.weekDifferences > 0) {
          options.logger?.warn(
            { pass: spec.name, buckets: report.differences, weeks: report.weekDifferences, reverified: report.bucketsReverified },
            're-verification found changes no change timestamp showed (corrected now)',
          );
        }
        return result.view;
      },
    };
  });
  return {
    units,
    reverifyEverythingNext: () => PASSES.forEach((pass) => everything.add(pass.name)),
    counters: (pass) => counters.get(pass) ?? { fullRecomputes: new Map(), bucketsReverified: 0, differences: 0 },
  };
}
