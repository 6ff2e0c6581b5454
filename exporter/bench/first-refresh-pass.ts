/**
 * The first refresh of ONE incremental pass alone (a full computation, the weekly
 * history since go-live included), in one READ ONLY transaction as the exporter runs
 * it: prints its elapsed time, the CPU seconds of its server backend (steadier than
 * elapsed time on a shared machine; Linux /proc, local server only) and statements.
 *   tsx bench/first-refresh-pass.ts <database url> <tasks|care_notes|alerts|shifts> [statement|explain]
 * `statement` runs the pass's first full-size statement (ten homes, two weeks) three
 * times instead; `explain` prints its EXPLAIN (ANALYZE, BUFFERS).
 * A script that prints numbers, not a test.
 */
import pg from 'pg';
import { locationsUnit } from '../src/engine/domain-units.ts';
import type { LocationInfo } from '../src/engine/types.ts';
import { PASSES } from '../src/engine/incremental/engine.ts';
import { locationFrame, planLocation } from '../src/engine/incremental/location-plan.ts';
import { NO_JIT, PASS_WORK_MEM, refreshPass } from '../src/engine/incremental/pass-runner.ts';
import type { PassSpec } from '../src/engine/incremental/pass-spec.ts';
import { newBudget, statementParams } from '../src/engine/incremental/statements.ts';
import { DEFAULT_INDICATOR_SETTINGS } from '../src/indicators/settings.ts';
import { loadAverage } from './support/report.ts';
import { processCpuSeconds } from './support/server-cpu.ts';

/** CPU seconds used so far by the backend (a process of a server on this machine). */
const backendCpu = (pid: number): number => processCpuSeconds(pid) ?? Number.NaN;

/** The first full-size statement of a full computation: the first two work units of ten homes. */
function firstStatementParams(spec: PassSpec, locations: readonly LocationInfo[], now: Date): unknown[] {
  const units = locations.slice(0, 10).flatMap((location) =>
    planLocation({
      spec,
      frame: locationFrame(location, now.getTime()),
      held: undefined,
      full: true,
      nowMs: now.getTime(),
      previousMs: now.getTime(),
      overlapMs: 0,
      maturityReachMs: 0,
      changed: new Set(),
      recentSlice: [0, 0],
      olderSlice: [0, 0],
      settledWeek: undefined,
      reverifyAll: false,
    }).units.slice(0, 2),
  );
  return statementParams(
    units.flatMap((unit) => unit.ranges),
    units.flatMap((unit) => unit.weeks),
    now,
    DEFAULT_INDICATOR_SETTINGS,
  );
}

const [url, passName, mode] = process.argv.slice(2);
const spec = PASSES.find((pass) => pass.name === passName);
if (!url || !spec) {
  process.stderr.write(`usage: first-refresh-pass.ts <database url> <${PASSES.map((pass) => pass.name).join('|')}> [statement|explain]\n`);
  process.exit(2);
}
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  const pid = Number((await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid);
  const now = new Date();
  const { locations } = await locationsUnit.run(client, { now, settings: DEFAULT_INDICATOR_SETTINGS, locations: [] });
  // The pass sets its isolation level first thing in its transaction.
  await client.query('BEGIN READ ONLY');
  if (mode === 'statement' || mode === 'explain') {
    await client.query(NO_JIT);
    await client.query(PASS_WORK_MEM);
    const params = firstStatementParams(spec, locations, now);
    if (mode === 'explain') {
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${spec.readSql}`, params);
      process.stdout.write(`${rows.map((row) => row['QUERY PLAN']).join('\n')}\n`);
    } else {
      for (let run = 0; run < 3; run += 1) {
        const [started, cpu] = [performance.now(), backendCpu(pid)];
        const { rows } = await client.query(spec.readSql, params);
        process.stdout.write(
          `${spec.name} statement: ${((performance.now() - started) / 1000).toFixed(2)} s, backend CPU ${(backendCpu(pid) - cpu).toFixed(2)} s, ${rows.length} rows, load ${loadAverage(2)}\n`,
        );
      }
    }
  } else {
    const [started, cpu] = [performance.now(), backendCpu(pid)];
    const { view } = await refreshPass({
      spec,
      previous: undefined,
      tx: client,
      now,
      settings: DEFAULT_INDICATOR_SETTINGS,
      locations,
      options: { overlapMs: 120_000, reverifyMs: 3_600_000, maxGapMs: 28 * 86_400_000, budget: newBudget(), monotonicMs: () => performance.now() },
    });
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(
      `${spec.name} first refresh alone: ${seconds.toFixed(1)} s, backend CPU ${(backendCpu(pid) - cpu).toFixed(1)} s, ${view.report.statements} statements, ${locations.length} homes, load ${loadAverage(2)}\n`,
    );
  }
  await client.query('ROLLBACK');
} finally {
  await client.end();
}
