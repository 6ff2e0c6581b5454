/**
 * Time as a dependency: `now` fixes the reference time of a refresh (tests and
 * backfills pass a fixed one); `monotonicMs` measures durations, which must not
 * jump when the wall clock is corrected.
 */
export interface Clock {
  now(): Date;
  monotonicMs(): number;
}

export function systemClock(): Clock {
  return { now: () => new Date(), monotonicMs: () => performance.now() };
}

/**
 * Wall time stopped at `instant` (durations still measured): every refresh computes for the
 * same reference time, so the same data give the same exposition (the demo's --now).
 */
export function fixedClock(instant: Date): Clock {
  const at = instant.getTime();
  return { now: () => new Date(at), monotonicMs: () => performance.now() };
}

/** A scheduled callback; cancel() is harmless after it ran. */
export interface Timer {
  cancel(): void;
}

/**
 * Timers as a dependency, like the clock: the refresh schedule and the refresh
 * deadlines run on it, so tests drive them with a fake one instead of waiting.
 */
export interface Timers {
  after(ms: number, callback: () => void): Timer;
}

export function systemTimers(): Timers {
  return {
    after(ms, callback) {
      const handle = setTimeout(callback, Math.max(0, ms));
      return { cancel: () => clearTimeout(handle) };
    },
  };
}
