/**
 * npm run bench:backfill: the history backfill on the medium profile (PostgreSQL via
 * BENCH_DATABASE_URL, seeded when it holds no ECM data), run as the CLI runs it.
 *
 *   1. `backfill` of every location since go-live: wall time, samples, series, file size,
 *      peak RSS of the process (target: under 300 MB).
 *   2. promtool 2.42 (`tsdb create-blocks-from openmetrics --max-block-duration=744h`, as
 *      docs/backfill.md recommends) on that file: time and blocks.
 *   3. With BENCH_DAILY=1, the way without the flag: --split-days 1, then promtool on every
 *      daily file (slow: promtool re-reads its input for each two-hour block).
 *
 * A script that prints numbers, not a timed test.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/db/open.ts';
import { PROMTOOL_MAX_BLOCK_DURATION } from '../src/backfill/openmetrics.ts';
import { countRows, seedDatabase } from '../src/seed/index.ts';

const EXPORTER = fileURLToPath(new URL('..', import.meta.url));
const REPORT_RSS = fileURLToPath(new URL('./report-max-rss.ts', import.meta.url));
const PROMTOOL = '/usr/bin/promtool';
const MB = 1024 * 1024;

interface Measured {
  code: number;
  seconds: number;
  stdout: string;
  stderr: string;
}

function measure(file: string, args: string[]): Promise<Measured> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(file, args, { cwd: EXPORTER, env: { ...process.env, INIT_CWD: '' }, maxBuffer: 64 * MB }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, seconds: (performance.now() - started) / 1000, stdout, stderr });
    });
  });
}

function backfill(url: string, out: string, period: string[] = []): Promise<Measured> {
  return measure(process.execPath, ['--import', 'tsx', '--import', REPORT_RSS, 'src/cli.ts', 'backfill', '--database-url', url, '--out', out, ...period]);
}

function figure(text: string, pattern: RegExp): string {
  return pattern.exec(text)?.[1] ?? '?';
}

async function promtool(file: string, blocks: string, flags: readonly string[] = []): Promise<{ seconds: number; blocks: number }> {
  const run = await measure(PROMTOOL, ['tsdb', 'create-blocks-from', 'openmetrics', ...flags, '--quiet', file, blocks]);
  if (run.code !== 0) throw new Error(`promtool failed: ${run.stderr.trim()}`);
  return { seconds: run.seconds, blocks: (await readdir(blocks)).length };
}

const url = process.env.BENCH_DATABASE_URL;
if (!url) {
  process.stderr.write('bench:backfill needs BENCH_DATABASE_URL (a PostgreSQL database; seeded with the medium profile when empty)\n');
  process.exit(2);
}
const db = await openDatabase(url, { max: 1 });
try {
  const present = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'ecm' AND tablename = 'tasks'`);
  if (present.rows[0]?.n === 1 && (await countRows(db)).tasks > 0) process.stdout.write('reusing the ECM data already there\n');
  else {
    const started = performance.now();
    await seedDatabase(db, { profile: 'medium', seed: 1, now: new Date() });
    process.stdout.write(`seeded the medium profile in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
  const rows = await countRows(db);
  process.stdout.write(
    `ECM rows: ${Object.entries(rows)
      .map(([table, n]) => `${table} ${n}`)
      .join(', ')}\n`,
  );
} finally {
  await db.close();
}

const dir = await mkdtemp(path.join(tmpdir(), 'ecm-backfill-bench-'));
try {
  const whole = path.join(dir, 'history.om.txt');
  const run = await backfill(url, whole);
  if (run.code !== 0) throw new Error(`backfill failed: ${run.stderr.trim()}`);
  const rssMb = Number(figure(run.stderr, /max-rss-kb (\d+)/)) / 1024;
  const blocks = Number(figure(run.stdout, /cut (\d+) blocks/));
  const twoHourBlocks = Number(figure(run.stdout, /\((\d+) two-hour blocks/));
  process.stdout.write(
    [
      'backfill of every location since go-live (medium profile):',
      `  wall time        ${run.seconds.toFixed(1)} s (the command's own count: ${figure(run.stdout, /, ([\d.]+) s\n/)} s)`,
      `  locations        ${figure(run.stdout, /locations (\d+)/)}`,
      `  series           ${figure(run.stdout, /series (\d+)/)}`,
      `  samples          ${figure(run.stdout, /samples (\d+)/)}`,
      `  file size        ${((await stat(whole)).size / MB).toFixed(1)} MB`,
      `  peak RSS         ${rssMb.toFixed(0)} MB (target < 300 MB)`,
      `  promtool blocks  ${blocks} expected with --max-block-duration=${PROMTOOL_MAX_BLOCK_DURATION}, ${twoHourBlocks} without`,
      '',
    ].join('\n'),
  );
  if (!existsSync(PROMTOOL)) {
    process.stdout.write(`promtool: skipped (${PROMTOOL} missing: apt-get install prometheus)\n`);
  } else {
    const long = await promtool(whole, path.join(dir, 'blocks-long'), [`--max-block-duration=${PROMTOOL_MAX_BLOCK_DURATION}`]);
    process.stdout.write(
      `promtool --max-block-duration=${PROMTOOL_MAX_BLOCK_DURATION} on the whole file: ${long.seconds.toFixed(1)} s, ${long.blocks} blocks\n`,
    );
    await rm(path.join(dir, 'blocks-long'), { recursive: true, force: true });
  }
  if (existsSync(PROMTOOL) && process.env.BENCH_DAILY === '1') {
    // Without the flag: one file per day (--split-days 1), promtool on each.
    const daily = path.join(dir, 'daily');
    await mkdir(daily);
    const split = await backfill(url, path.join(daily, 'history.om.txt'), ['--split-days', '1']);
    if (split.code !== 0) throw new Error(`backfill failed: ${split.stderr.trim()}`);
    const files = (await readdir(daily)).sort();
    let seconds = 0;
    let made = 0;
    for (const [index, file] of files.entries()) {
      const measured = await promtool(path.join(daily, file), path.join(dir, `blocks-${index}`));
      seconds += measured.seconds;
      made += measured.blocks;
      await rm(path.join(dir, `blocks-${index}`), { recursive: true, force: true });
    }
    process.stdout.write(
      [
        'backfill --split-days 1, then promtool tsdb create-blocks-from openmetrics on each daily file:',
        `  backfill         ${split.seconds.toFixed(1)} s, ${files.length} files, peak RSS ${(Number(figure(split.stderr, /max-rss-kb (\d+)/)) / 1024).toFixed(0)} MB`,
        `  promtool         ${seconds.toFixed(1)} s in all for ${made} blocks (${(seconds / Math.max(1, files.length)).toFixed(1)} s per daily file)`,
        '',
      ].join('\n'),
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
