import { describe, expect, it } from 'vitest';
import type { LaneName } from '../../src/runtime/pipeline.ts';
import type { LaneResult } from '../../src/runtime/results.ts';
import { createScheduler, freshLeadMs, nextDelayMs } from '../../src/runtime/scheduler.ts';
import { fakeTime, gate, silentLogger, type Gate } from './helpers.ts';

const T0 = new Date('2026-03-02T09:00:00Z');

function result(lane: LaneName, locationsRead = true): LaneResult {
  return { lane, takenAt: T0, durationSeconds: 0, ok: locationsRead, families: [], units: [], domainsRead: [], locationsRead, deadlineExceeded: false };
}

/** Lane runs that record their start (in fake seconds) and finish when the test says, or at once. */
function recorder(time: ReturnType<typeof fakeTime>) {
  const starts: Record<LaneName, number[]> = { safety: [], history: [] };
  const ends: Record<LaneName, number[]> = { safety: [], history: [] };
  /** Fake milliseconds each next run of the lane takes (none: it ends at once). */
  const durations: Record<LaneName, number[]> = { safety: [], history: [] };
  const holds: Partial<Record<LaneName, Gate>> = {};
  const outcome: Record<LaneName, () => boolean> = { safety: () => true, history: () => true };
  let running: Record<LaneName, number> = { safety: 0, history: 0 };
  const run = async (lane: LaneName): Promise<LaneResult> => {
    starts[lane].push(time.clock.monotonicMs() / 1000);
    running = { ...running, [lane]: running[lane] + 1 };
    if (running[lane] > 1) throw new Error(`two ${lane} runs at once`);
    await holds[lane]?.promise;
    const duration = durations[lane].shift();
    if (duration !== undefined) await new Promise<void>((resolve) => time.timers.after(duration, resolve));
    running = { ...running, [lane]: running[lane] - 1 };
    ends[lane].push(time.clock.monotonicMs() / 1000);
    return result(lane, outcome[lane]());
  };
  return { starts, ends, durations, holds, outcome, run };
}

/** A started scheduler of `names` at the 60 s interval, safety a fresh lane (as the service runs it). */
function freshSafety(time: ReturnType<typeof fakeTime>, lanes: ReturnType<typeof recorder>, names: LaneName[]) {
  const scheduler = createScheduler({
    lanes: names,
    run: lanes.run,
    intervalMs: 60_000,
    freshLanes: ['safety'],
    clock: time.clock,
    timers: time.timers,
    logger: silentLogger(),
  });
  scheduler.start();
  return scheduler;
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

  it('starts a fresh lane early by its longest recent run plus 1 s, so each result lands before the one it replaces is an interval old', async () => {
    const time = fakeTime(T0);
    const lanes = recorder(time);
    lanes.durations.safety = [2000, 2500, 2000, 2000];
    lanes.durations.history = [2000, 2500, 2000, 2000];
    const scheduler = freshSafety(time, lanes, ['safety', 'history']);
    await time.advance(200_000);
    scheduler.stop();
    // Safety: after a 2 s run the lead is 3 s (next at 57), after the 2.5 s one 3.5 s
    // (the longest of the last runs counts): 57 + 56.5, then 56.5 again.
    expect(lanes.starts.safety).toEqual([0, 57, 113.5, 170]);
    expect(lanes.ends.safety).toEqual([2, 59.5, 115.5, 172]);
    // Each result lands 59.5, 58.5 and 58.5 s after the run whose data it replaces started.
    const ages = lanes.ends.safety.slice(1).map((end, i) => end - (lanes.starts.safety[i] ?? 0));
    expect(ages).toEqual([59.5, 58.5, 58.5]);
    // History is not a fresh lane: one interval from each start, whatever its runs take.
    expect(lanes.starts.history).toEqual([0, 60, 120, 180]);
  });

  it('caps the lead at a tenth of the interval: a slow fresh lane is not run back to back', async () => {
    const time = fakeTime(T0);
    const lanes = recorder(time);
    lanes.durations.safety = [20_000, 20_000, 20_000];
    const scheduler = freshSafety(time, lanes, ['safety']);
    await time.advance(120_000);
    scheduler.stop();
    expect(lanes.starts.safety).toEqual([0, 54, 108]);
  });

  it('computes the lead of a fresh lane', () => {
    expect(freshLeadMs(60_000, [])).toBe(0);
    expect(freshLeadMs(60_000, [300, 1200, 800])).toBe(2200);
    expect(freshLeadMs(60_000, [5000])).toBe(6000);
    expect(freshLeadMs(60_000, [5500])).toBe(6000);
    expect(freshLeadMs(10_000, [400])).toBe(1000);
  });

  it('computes the backoff delays', () => {
    expect([0, 1, 2, 3, 6, 7, 100].map((failures) => nextDelayMs(60_000, failures))).toEqual([60_000, 1000, 2000, 4000, 32_000, 60_000, 60_000]);
  });
});
