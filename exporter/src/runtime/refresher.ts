/**
 * The two lanes (src/runtime/lane.ts) and the snapshot that /metrics serves: after
 * every lane run, the latest result of each lane is combined into one immutable
 * snapshot, with the health the exporter publishes about itself: which database
 * answered (source_up) and how old each domain's data is (data_timestamp). A lane
 * that failed contributes no stale values, only the fact that it failed.
 */
import type { Db } from '../db/types.ts';
import type { MetricFamily } from '../engine/types.ts';
import type { Clock, Timers } from './clock.ts';
import { systemTimers } from './clock.ts';
import { createLane, type Lane } from './lane.ts';
import { DOMAINS, LANES, SOURCES, type DomainName, type LaneName, type RefreshPipeline, type SourceName } from './pipeline.ts';
import type { Health, LaneResult, RefreshLogger, Snapshot } from './results.ts';

export type { Health, LaneResult, RefreshLogger, Snapshot, UnitReport } from './results.ts';

export interface RefresherOptions<Settings> {
  db: Db;
  /**
   * The database a unit runs on, by lane and source (default: `db` for all). `serve`
   * gives the safety lane a connection of its own and the governance units the
   * governance store; every database gets the same READ ONLY transaction and timeout.
   */
  dbFor?: (lane: LaneName, source: SourceName) => Db;
  pipeline: RefreshPipeline<Settings>;
  clock: Clock;
  /** Runs the refresh deadlines (default: the system's timers). */
  timers?: Timers;
  statementTimeoutMs: number;
  /** History-lane units run in parallel up to this many (the pool size; 1 for PGlite). The safety lane runs one at a time. */
  concurrency: number;
  /** Overall deadline of one run per lane (default: twice the statement timeout for safety, 5 minutes for history). */
  deadlinesMs?: Partial<Record<LaneName, number>>;
  logger: RefreshLogger;
}

export interface Refresher {
  /** Runs both lanes (joining runs in flight); resolves with the snapshot once both are done. Never rejects. */
  refresh(): Promise<Snapshot>;
  /** Runs one lane, or joins its run in flight. Never rejects. */
  refreshLane(lane: LaneName): Promise<LaneResult>;
  /** The snapshot served now (an empty one, all health at 0, before any run). */
  latest(): Snapshot;
  /** Called with every new snapshot, after each lane run. */
  onSnapshot(listener: (snapshot: Snapshot) => void): void;
  /**
   * Awaited with each new snapshot before it becomes `latest()` (the endpoint renders it
   * meanwhile, while scrapes are answered from the current one). A rejection is ignored.
   */
  beforePublish(prepare: (snapshot: Snapshot) => Promise<void>): void;
  /** Interrupts the runs in flight (shutdown): their queries are cancelled, their units reported failed. */
  abort(reason: string): void;
  /** Resolves when no lane run is in flight. */
  idle(): Promise<void>;
}

const byKey = <K extends string, V>(keys: readonly K[], value: (key: K) => V): Record<K, V> =>
  Object.fromEntries(keys.map((key) => [key, value(key)])) as Record<K, V>;

/** The families of the lanes, each name once: a later family of a name already seen is dropped. */
function acrossLanes(families: readonly MetricFamily[]): { valid: MetricFamily[]; problems: string[] } {
  const seen = new Set<string>();
  const valid: MetricFamily[] = [];
  const problems: string[] = [];
  for (const family of families) {
    const { name } = family.definition;
    if (seen.has(name)) problems.push(`metric family "${name}" appears twice`);
    else valid.push(family);
    seen.add(name);
  }
  return { valid, problems };
}

export function createRefresher<Settings>(options: RefresherOptions<Settings>): Refresher {
  const { db, pipeline, clock, statementTimeoutMs, logger } = options;
  const timers = options.timers ?? systemTimers();
  const dbFor = options.dbFor ?? (() => db);
  const deadlines: Record<LaneName, number> = { safety: 2 * statementTimeoutMs, history: 300_000, ...options.deadlinesMs };
  const lanes: Record<LaneName, Lane> = byKey(LANES, (name) =>
    createLane({
      name,
      pipeline: pipeline[name],
      dbFor: (source) => dbFor(name, source),
      clock,
      timers,
      statementTimeoutMs,
      concurrency: name === 'safety' ? 1 : options.concurrency,
      deadlineMs: deadlines[name],
      logger,
    }),
  );
  const results: Partial<Record<LaneName, LaneResult>> = {};
  const dataTimestamp: Record<DomainName, Date | undefined> = byKey(DOMAINS, () => undefined);
  let lastSuccessAt: Date | undefined;
  const listeners: Array<(snapshot: Snapshot) => void> = [];

  function health(): Health {
    const latest = LANES.flatMap((lane) => results[lane] ?? []);
    const sourceUp = byKey(SOURCES, (source) => {
      const reports = latest.flatMap((result) => result.units.filter((unit) => unit.source === source));
      return reports.length > 0 && reports.every((unit) => unit.ok);
    });
    const stats = LANES.map((lane) => lanes[lane].stats());
    return {
      sourceUp,
      dataTimestamp: { ...dataTimestamp },
      refreshesTotal: byKey(LANES, (lane) => lanes[lane].stats().refreshesTotal),
      deadlineExceededTotal: byKey(LANES, (lane) => lanes[lane].stats().deadlineExceededTotal),
      queryErrorsTotal: new Map(stats.flatMap((stat) => [...stat.queryErrorsTotal])),
      lastSuccessAt,
    };
  }

  function combine(): Snapshot {
    const latest = LANES.flatMap((lane) => results[lane] ?? []);
    // Each lane checked its own families (validateFamilies); this catches a family two lanes
    // would both publish, without checking every sample again after every lane run.
    const { valid, problems } = acrossLanes(latest.flatMap((result) => result.families));
    if (problems.length > 0) logger.warn({ problems }, 'families published by two lanes dropped');
    const takenAt = latest.reduce<Date | undefined>((last, result) => (last === undefined || result.takenAt > last ? result.takenAt : last), undefined);
    return Object.freeze({
      lanes: Object.freeze({ ...results }),
      takenAt,
      ok: LANES.every((lane) => results[lane]?.ok === true),
      families: Object.freeze(valid),
      units: Object.freeze(latest.flatMap((result) => result.units)),
      health: Object.freeze(health()),
    });
  }

  let snapshot = combine();

  const preparers: Array<(snapshot: Snapshot) => Promise<void>> = [];
  // One lane result accepted at a time, in the order the runs ended: a snapshot being prepared
  // is never overtaken by an older one.
  let accepting: Promise<void> = Promise.resolve();
  function accept(result: LaneResult): Promise<void> {
    const published = accepting.then(() => publish(result));
    // The caller sees a failure; the chain does not keep it, or every later run would go unpublished.
    accepting = published.catch(() => undefined);
    return published;
  }

  async function publish(result: LaneResult): Promise<void> {
    results[result.lane] = result;
    for (const domain of result.domainsRead) dataTimestamp[domain] = result.takenAt;
    // The oldest of the lanes' latest runs: data of every lane has been fully read since then.
    const latest = LANES.map((lane) => results[lane]);
    if (latest.every((candidate) => candidate?.ok === true))
      lastSuccessAt = new Date(Math.min(...latest.map((candidate) => candidate?.takenAt.getTime() ?? 0)));
    const next = combine();
    for (const prepare of preparers) {
      await prepare(next).catch((error: unknown) =>
        logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'snapshot not rendered before publishing'),
      );
    }
    snapshot = next;
    for (const listener of listeners) listener(snapshot);
  }

  const inFlight = new Map<LaneName, Promise<LaneResult>>();
  function refreshLane(name: LaneName): Promise<LaneResult> {
    let running = inFlight.get(name);
    if (running === undefined) {
      running = lanes[name].run().then(async (result) => {
        await accept(result);
        return result;
      });
      const settled = running.finally(() => inFlight.delete(name));
      inFlight.set(name, settled);
      return settled;
    }
    return running;
  }

  return {
    async refresh() {
      await Promise.all(LANES.map((lane) => refreshLane(lane)));
      return snapshot;
    },
    refreshLane,
    latest: () => snapshot,
    onSnapshot: (listener) => void listeners.push(listener),
    beforePublish: (prepare) => void preparers.push(prepare),
    abort(reason) {
      for (const lane of LANES) lanes[lane].abort(reason);
    },
    async idle() {
      await Promise.all([...inFlight.values()]);
    },
  };
}
