import { describe, expect, it } from 'vitest';
import type { LaneName } from '../../src/runtime/pipeline.ts';
import type { LaneResult } from '../../src/runtime/results.ts';
import { createScheduler, nextDelayMs } from '../../src/runtime/scheduler.ts';
import { fakeTime, gate, silentLogger, type Gate } from './helpers.ts';

const T0 = new Date('2026-03-02T09:00:00Z');

function result(lane: LaneName, locationsRead = true): LaneResult {
  return { lane, takenAt: T0, durationSeconds: 0, ok: locationsRead, families: [], units: [], domainsRead: [], locationsRead, deadlineExceeded: false };
}

/** Lane runs that record their start (in fake seconds) and finish when the test says, or at once. */
function recorder(time: ReturnType<typeof fakeTime>) {
  const starts: Record<LaneName, number[]> = { safety: [], history: [] };
  const holds: Partial<Record<LaneName, Gate>> = {};
  const outcome: Record<LaneName, () => boolean> = { safety: () => true, history: () => true };
  let running: Record<LaneName, number> = { safety: 0, history: 0 };
  const run = async (lane: LaneName): Promise<LaneResult> => {
    starts[lane].push(time.clock.monotonicMs() / 1000);
    running = { ...running, [lane]: running[lane] + 1 };
    if (running[lane] > 1) throw new Error(`two ${lane} runs at once`);
    await holds[lane]?.promise;
    running = { ...running, [lane]: running[lane] - 1 };
    return result(lane, outcome[lane]());
  };
  return { starts, holds, outcome, run };
}

describe('refresh scheduler (fake time)', () => {
  it('runs each lane every interval from its start, on its own: a history run of 150 s delays neither the safety lane nor more than itself', async () => {
    const time = fakeTime(T0);
    const lanes = recorder(time);
    lanes.holds.history = gate();
    const scheduler = createScheduler({
      lanes: ['safety', 'history'],
      run: lanes.run,
      intervalMs: 60_000,
      clock: time.clock,
      timers: time.timers,
      logger: silentLogger(),
    });
    scheduler.start();
    await time.advance(150_000);
    lanes.holds.history.open(); // the history run started at 0 ends at 150 s: it overran two intervals
    lanes.holds.history = undefined;
    await time.advance(90_000); // to 240 s
    scheduler.stop();
    // Safety: every 60 s from 0, untouched by the history run in flight.
    expect(lanes.starts.safety).toEqual([0, 60, 120, 180, 240]);
    // History: single-flight, so none started while the first ran; the overrun run's
    // successor starts at once (150 s), then every 60 s from there.
    expect(lanes.starts.history).toEqual([0, 150, 210]);
  });

  it('retries a lane that cannot read its locations after 1 s, doubling up to the interval, and returns to the interval once it can', async () => {
    const time = fakeTime(T0);
    const lanes = recorder(time);
    let answering = false;
    lanes.outcome.safety = () => answering;
    const scheduler = createScheduler({
      lanes: ['safety'],
      run: lanes.run,
      intervalMs: 60_000,
      clock: time.clock,
      timers: time.timers,
      logger: silentLogger(),
    });
    scheduler.start();
    await time.advance(123_000);
    // Delays 1, 2, 4, 8, 16, 32, then 64 capped to the 60 s interval.
    expect(lanes.starts.safety).toEqual([0, 1, 3, 7, 15, 31, 63, 123]);
    answering = true;
    await time.advance(127_000); // to 250 s: the run at 183 s reads, so the next is one interval later
    expect(lanes.starts.safety.slice(8)).toEqual([183, 243]);
    answering = false;
    await time.advance(55_000); // to 305 s: the backoff starts again from 1 s
    scheduler.stop();
    expect(lanes.starts.safety.slice(10)).toEqual([303, 304]);
  });

  it('starts nothing after stop, and leaves no timer behind', async () => {
    const time = fakeTime(T0);
    const lanes = recorder(time);
    const scheduler = createScheduler({
      lanes: ['safety', 'history'],
      run: lanes.run,
      intervalMs: 60_000,
      clock: time.clock,
      timers: time.timers,
      logger: silentLogger(),
    });
    scheduler.start();
    await time.advance(60_000);
    scheduler.stop();
    expect(time.pending()).toBe(0);
    await time.advance(600_000);
    expect(lanes.starts).toEqual({ safety: [0, 60], history: [0, 60] });
  });

  it('computes the backoff delays', () => {
    expect([0, 1, 2, 3, 6, 7, 100].map((failures) => nextDelayMs(60_000, failures))).toEqual([60_000, 1000, 2000, 4000, 32_000, 60_000, 60_000]);
  });
});
