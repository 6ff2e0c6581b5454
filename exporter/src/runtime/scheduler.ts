/**
 * The refresh schedule, owned by the service: scrapes never start database work.
 * Each lane loops on its own: run, then wait until one interval after that run
 * started (at once when the run took longer: an overrun delays that lane only).
 * A lane whose data must never be older than one interval (the live safety gauges)
 * starts its next run early by the longest of its last runs plus a second, so the
 * new result lands before the one it replaces is an interval old; the lead is
 * capped at a tenth of the interval, so a slow lane is not run back to back.
 * While a lane cannot even read its locations (database unreachable, at start or
 * later) it retries sooner, 1 s doubling up to the interval, so the exporter is up
 * within seconds of the database without hammering it.
 */
import type { Clock, Timer, Timers } from './clock.ts';
import type { LaneName } from './pipeline.ts';
import type { LaneResult, RefreshLogger } from './results.ts';

export interface SchedulerOptions {
  lanes: readonly LaneName[];
  /** Runs one lane (single-flight); never rejects. */
  run(lane: LaneName): Promise<LaneResult>;
  intervalMs: number;
  /** Lanes whose next result must land before the current one is one interval old. */
  freshLanes?: readonly LaneName[];
  clock: Clock;
  timers: Timers;
  /** First retry delay after a run that could not read its locations (default 1 s). */
  retryInitialMs?: number;
  logger: RefreshLogger;
}

export interface Scheduler {
  /** Starts every lane at once. */
  start(): void;
  /** No run starts after this; a run in flight is the caller's to abort. */
  stop(): void;
}

/** Delay before the next run: the interval, or the backoff after `failures` runs in a row without locations. */
export function nextDelayMs(intervalMs: number, failures: number, retryInitialMs = 1000): number {
  if (failures === 0) return intervalMs;
  return Math.min(intervalMs, retryInitialMs * 2 ** Math.min(failures - 1, 30));
}

/** Runs remembered for a fresh lane's lead, and the margin added to the longest. */
const LEAD_RUNS = 5;
const LEAD_MARGIN_MS = 1000;
/** The lead never exceeds this fraction of the interval. */
const LEAD_CAP = 0.1;

/** How much earlier than one interval a fresh lane starts again, after runs that took `recentMs`. */
export function freshLeadMs(intervalMs: number, recentMs: readonly number[]): number {
  if (recentMs.length === 0) return 0;
  return Math.min(intervalMs * LEAD_CAP, Math.max(...recentMs) + LEAD_MARGIN_MS);
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { clock, timers, intervalMs, logger } = options;
  const pending = new Map<LaneName, Timer>();
  let stopped = false;

  function loop(lane: LaneName): void {
    let failures = 0;
    const fresh = options.freshLanes?.includes(lane) === true;
    const recentMs: number[] = [];
    const tick = async (): Promise<void> => {
      pending.delete(lane);
      if (stopped) return;
      const started = clock.monotonicMs();
      const result = await options.run(lane);
      if (stopped) return;
      failures = result.locationsRead ? 0 : failures + 1;
      if (fresh && failures === 0) {
        recentMs.push(clock.monotonicMs() - started);
        if (recentMs.length > LEAD_RUNS) recentMs.shift();
      }
      const backoff = nextDelayMs(intervalMs, failures, options.retryInitialMs);
      const delay = fresh && failures === 0 ? backoff - freshLeadMs(intervalMs, recentMs) : backoff;
      if (failures > 0) logger.info({ lane, attempt: failures, retryInSeconds: delay / 1000 }, 'database not answering; next attempt scheduled');
      pending.set(
        lane,
        timers.after(Math.max(0, started + delay - clock.monotonicMs()), () => void tick()),
      );
    };
    void tick();
  }

  return {
    start() {
      for (const lane of options.lanes) loop(lane);
    },
    stop() {
      stopped = true;
      for (const timer of pending.values()) timer.cancel();
      pending.clear();
    },
  };
}
