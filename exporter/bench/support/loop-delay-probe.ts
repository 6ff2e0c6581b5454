/**
 * Loaded into the exporter a benchmark starts (`node --import tsx --import
 * ./bench/support/loop-delay-probe.ts src/cli.ts serve`): how long the process's event loop
 * was held, as perf_hooks measures it at a 1 ms resolution. On SIGUSR2 it writes the
 * figures since the previous signal (or the start) to LOOP_DELAY_FILE and starts over, so
 * the benchmark reads one phase at a time (see loopDelayPhase in exporter-process.ts).
 * Not part of the product: the exporter publishes its own nodejs_eventloop_lag_* gauges,
 * but those are reset at every render of the process metrics (once a second) and sampled
 * at 10 ms.
 */
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.LOOP_DELAY_FILE;
if (file) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const ms = (ns: number): number => ns / 1e6;
  process.on('SIGUSR2', () => {
    const figures = {
      samples: histogram.count,
      p50: ms(histogram.percentile(50)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
      mean: ms(histogram.mean),
    };
    histogram.reset();
    writeFileSync(file, `${JSON.stringify(figures)}\n`);
  });
}
