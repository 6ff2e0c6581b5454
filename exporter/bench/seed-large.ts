/**
 * Benchmark: seeds the `large` profile (50 locations, ~12 million tasks) into
 * BENCH_DATABASE_URL and prints the elapsed time and row counts. Target on the
 * 2-core reference machine: under 3 minutes against local PostgreSQL.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/seedbench npm run bench:seed
 *
 * Replaces any ecm data in that database. Optional: BENCH_PROFILE (default
 * large), BENCH_SEED (default 1), BENCH_NOW (default the current time).
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { openDatabase } from '../src/db/open.ts';
import { formatSummary, parseNow, parseProfile, parseSeed } from '../src/commands/seed.ts';
import { seedDatabase } from '../src/seed/index.ts';

const url = process.env.BENCH_DATABASE_URL;
if (!url) {
  process.stderr.write('bench:seed: set BENCH_DATABASE_URL to a PostgreSQL database it may fill (its ecm data is replaced)\n');
  process.exit(2);
}
const profile = parseProfile(process.env.BENCH_PROFILE ?? 'large');
const seed = parseSeed(process.env.BENCH_SEED ?? '1');
const now = process.env.BENCH_NOW ? parseNow(process.env.BENCH_NOW) : new Date();

// One connection, so the server process doing the work is known: on a local
// server its CPU time is read from /proc, a fair number on a busy machine.
const db = await openDatabase(url, { max: 1 });
const backendPid = (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
const serverCpuSeconds = (): number | undefined => {
  try {
    const fields = readFileSync(`/proc/${backendPid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 10 ms
  } catch {
    return undefined; // a remote server: only the elapsed time is known
  }
};
const cpuBefore = serverCpuSeconds();
try {
  const summary = await seedDatabase(db, {
    profile,
    seed,
    now,
    replace: true,
    onProgress: (line) => process.stderr.write(`${line}\n`),
  });
  const total = Object.values(summary.rows).reduce((a, b) => a + b, 0);
  process.stdout.write(formatSummary(summary));
  const cpuAfter = serverCpuSeconds();
  const cpu = cpuBefore === undefined || cpuAfter === undefined ? 'n/a (remote server)' : `${(cpuAfter - cpuBefore).toFixed(1)} s`;
  process.stdout.write(
    `total rows ${total}, elapsed ${(summary.elapsedMs / 1000).toFixed(1)} s (target < 180 s for large), ` +
      `PostgreSQL backend CPU ${cpu}, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}\n`,
  );
} finally {
  await db.close();
}
