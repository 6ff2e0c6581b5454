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
