import { describe, expect, it } from 'vitest';
import { createSlicer, mapInSlices, runAtOnce, runInSlices, type Steps } from '../../src/engine/slices.ts';

/** A monotonic clock the test moves by hand, in ms. */
function handClock(): { now: () => number; advance: (ms: number) => void } {
  let ms = 0;
  return { now: () => ms, advance: (by) => (ms += by) };
}

/** Resolves whether a setImmediate callback queued now ran before `work` settled. */
async function turnGiven(work: () => Promise<unknown>): Promise<boolean> {
  let turned = false;
  setImmediate(() => (turned = true));
  await work();
  return turned;
}

function* sumSteps(numbers: readonly number[]): Steps<number> {
  let sum = 0;
  for (const n of numbers) {
    sum += n;
    yield;
  }
  return sum;
}

describe('event-loop slices', () => {
  it('gives the event loop a turn only once the slice has lasted its length', async () => {
    const clock = handClock();
    const slicer = createSlicer(4, clock.now);
    clock.advance(3);
    expect(slicer.due()).toBe(false);
    expect(await turnGiven(() => slicer.yield())).toBe(false); // 3 ms of a 4 ms slice: no turn
    clock.advance(1);
    expect(slicer.due()).toBe(true);
    expect(await turnGiven(() => slicer.yield())).toBe(true); // 4 ms: a turn, and a new slice starts
    expect(slicer.due()).toBe(false);
  });

  it('computes the same in slices as at once', async () => {
    const clock = handClock();
    const slicer = createSlicer(4, () => {
      clock.advance(1); // every reading a millisecond later: a turn every fourth step or so
      return clock.now();
    });
    // 1 + 2 + ... + 100 = 5050
    const numbers = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(runAtOnce(sumSteps(numbers))).toBe(5050);
    expect(await runInSlices(sumSteps(numbers), slicer)).toBe(5050);
    expect(await mapInSlices(numbers.slice(0, 3), slicer, (n) => n * 2)).toEqual([2, 4, 6]);
  });
});
