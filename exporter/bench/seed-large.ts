/**
 * Benchmark: seeds the `large` profile (50 locations, ~12 million tasks) into
 * BENCH_DATABASE_URL and prints the elapsed time and row counts. Target on the
 * 2-core reference machine: under 3 minutes against local PostgreSQL.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/seedbench npm run bench:seed
 *
 * Replaces any ecm data in that database. Optional: BENCH_PROFILE (default
 * large), BENCH_SEED (default 1), BENCH_NOW (default the current time),
 * BENCH_SEED_CONNECTIONS (generating connections, default 2; 1 = everything in
 * one connection, as before the staged load).
 */
import { loadavg } from 'node:os';
import { openDatabase } from '../src/db/open.ts';
import { formatSummary, parseNow, parseProfile, parseSeed } from '../src/commands/seed.ts';
import { DEFAULT_SEED_CONNECTIONS, seedDatabase } from '../src/seed/index.ts';
import { serverCpuSeconds } from './support/server-cpu.ts';

const url = process.env.BENCH_DATABASE_URL;
if (!url) {
  process.stderr.write('bench:seed: set BENCH_DATABASE_URL to a PostgreSQL database it may fill (its ecm data is replaced)\n');
  process.exit(2);
}
const profile = parseProfile(process.env.BENCH_PROFILE ?? 'large');
const seed = parseSeed(process.env.BENCH_SEED ?? '1');
const now = process.env.BENCH_NOW ? parseNow(process.env.BENCH_NOW) : new Date();
const connections = Number(process.env.BENCH_SEED_CONNECTIONS ?? DEFAULT_SEED_CONNECTIONS);

const db = await openDatabase(url, { max: connections });
// On a local server the CPU of all its processes (backends and parallel workers) is read
// from /proc: a fairer number than the elapsed time on a machine others are using.
const cpu = await serverCpuSeconds(db);
const cpuBefore = cpu();
try {
  const summary = await seedDatabase(db, {
    profile,
    seed,
    now,
    replace: true,
    connections,
    onProgress: (line) => process.stderr.write(`${line}\n`),
  });
  const total = Object.values(summary.rows).reduce((a, b) => a + b, 0);
  process.stdout.write(formatSummary(summary));
  const cpuAfter = cpu();
  const used = cpuBefore === undefined || cpuAfter === undefined ? 'n/a (not a local server)' : `${(cpuAfter - cpuBefore).toFixed(1)} s`;
  process.stdout.write(
    `total rows ${total}, elapsed ${(summary.elapsedMs / 1000).toFixed(1)} s with ${connections} generating connection(s) (target < 180 s for large), ` +
      `PostgreSQL CPU (all server processes) ${used}, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}\n`,
  );
} finally {
  await db.close();
}
