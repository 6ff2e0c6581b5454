/**
 * Long computations of a refresh (a pass's thousands of rows, every location's windows,
 * the exposition of every family) run on the event loop that also answers /metrics: done
 * in one go they hold it for hundreds of milliseconds, and every scrape waits. Such work
 * awaits `slicer.yield()` between small steps (a location, a few hundred rows, a family):
 * after SLICE_MS of work it gives the loop a turn (setImmediate), so a scrape waits a few
 * milliseconds at most. Yielding changes nothing of what is computed: results are still
 * published whole, once the work is done.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Work between two turns of the event loop, at most about this long (ms). */
export const SLICE_MS = 4;

export interface Slicer {
  /** True once the current slice has lasted SLICE_MS: cheap, for tight loops (then `await yield()`). */
  due(): boolean;
  /** Gives the event loop a turn when the slice is used up; resolves at once otherwise. */
  yield(): Promise<void>;
}

export function createSlicer(sliceMs = SLICE_MS, monotonicMs: () => number = () => performance.now()): Slicer {
  let started = monotonicMs();
  const due = (): boolean => monotonicMs() - started >= sliceMs;
  return {
    due,
    async yield() {
      if (!due()) return;
      await nextTurn();
      started = monotonicMs();
    },
  };
}

/** Maps `items` in order, giving the event loop a turn between items when a slice is used up. */
export async function mapInSlices<T, R>(items: Iterable<T>, slicer: Slicer, map: (item: T) => R): Promise<R[]> {
  const results: R[] = [];
  for (const item of items) {
    results.push(map(item));
    await slicer.yield();
  }
  return results;
}

/**
 * Work written once as a generator that yields between its steps, run either at once
 * (`runAtOnce`: tests, the demo, the CLI) or in slices (`runInSlices`: the serving lanes).
 */
export type Steps<R> = Generator<void, R, void>;

export function runAtOnce<R>(steps: Steps<R>): R {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

export async function runInSlices<R>(steps: Steps<R>, slicer: Slicer): Promise<R> {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    await slicer.yield();
  }
}
