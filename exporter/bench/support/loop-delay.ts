/**
 * The exporter's event-loop delay, phase by phase, from loop-delay-probe.ts loaded into
 * its process: each reading is the figures since the previous one.
 */
import { readFile, rm } from 'node:fs/promises';
import { pause } from './exporter-process.ts';

/**
 * Node arguments that load the probe, before the product's entry point. The probe is
 * TypeScript and the product runs compiled, so tsx is loaded for it (which adds to the
 * exporter's memory: bench:latency's RSS line is for information, bench:scale's is the figure).
 */
export const LOOP_DELAY_PROBE: readonly string[] = ['--import', 'tsx', '--import', './bench/support/loop-delay-probe.ts'];

/** Milliseconds; `samples` is how many times the probe's 1 ms timer fired. */
export interface LoopDelay {
  samples: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

const isLoopDelay = (value: unknown): value is LoopDelay =>
  typeof value === 'object' &&
  value !== null &&
  ['samples', 'p50', 'p99', 'max', 'mean'].every((key) => key in value && typeof Reflect.get(value, key) === 'number');

/** Asks the probe in process `pid` for its figures since the last reading (it writes them to `file`). */
export async function readLoopDelay(pid: number, file: string, timeoutMs = 30_000): Promise<LoopDelay> {
  await rm(file, { force: true });
  process.kill(pid, 'SIGUSR2');
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const text = await readFile(file, 'utf8').catch(() => '');
    if (text.endsWith('\n')) {
      const parsed: unknown = JSON.parse(text);
      if (!isLoopDelay(parsed)) throw new Error(`${file}: not the probe's figures: ${text.trim()}`);
      return parsed;
    }
    await pause(50);
  }
  throw new Error(`the event-loop probe wrote nothing to ${file} within ${timeoutMs / 1000} s (was the exporter started with LOOP_DELAY_PROBE?)`);
}
