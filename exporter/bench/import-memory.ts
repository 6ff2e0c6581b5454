/**
 * Benchmark: peak memory (RSS) of the `import` command. Runs the real CLI in a
 * child process on generated files and prints, per file, its size, the outcome,
 * the elapsed time and the child's peak RSS (getrusage maxrss, read at exit):
 *
 *   - a one-row file: the baseline of the CLI itself (Node, tsx, pg);
 *   - one 200 MB cell, unquoted, and a quote opened and never closed with 200 MB after it:
 *     both must stop at the 1 MiB record limit, fast, with RSS near the baseline;
 *   - a ~50 MB valid audits log (730 000 rows): streamed in batches; run again with the V8 heap
 *     capped at 128 MB to show what the import really holds (the id index and one batch).
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:import
 *
 * Imports with --dry-run (the work is done in a transaction that is rolled back), so
 * the database keeps nothing but the governance store that migrate-governance creates.
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const url = process.env.BENCH_DATABASE_URL;
if (!url) {
  process.stderr.write('bench:import: set BENCH_DATABASE_URL to a PostgreSQL database (the governance store is created there if missing)\n');
  process.exit(2);
}
const EXPORTER = fileURLToPath(new URL('../', import.meta.url));
const REPORT_RSS = fileURLToPath(new URL('./report-max-rss.ts', import.meta.url));
const MB = 1024 * 1024;
const AUDITS_HEADER = 'audit_id,location_id,audited_at,record_type,complete,person_specific,timely,correct_section,gap_cause,follow_up_of';
const FEEDBACK_HEADER = 'response_id,location_id,submitted_at,role,confidence,barrier_type,themes';

/** Writes `head`, then `bytes` of `fill` in 1 MB pieces, then `tail`, without holding it in memory. */
async function writeRunaway(file: string, head: string, bytes: number, tail: string): Promise<void> {
  const out = createWriteStream(file);
  out.write(head);
  const piece = 'x'.repeat(MB);
  for (let written = 0; written < bytes; written += MB) if (!out.write(piece)) await once(out, 'drain');
  out.end(tail);
  await once(out, 'finish');
}

/** ~`bytes` of valid audits (CRLF, UK dates, 40 locations, 1 in 7 failing a criterion). */
async function writeAudits(file: string, bytes: number): Promise<number> {
  const out = createWriteStream(file);
  out.write(`${AUDITS_HEADER}\r\n`);
  let size = 0;
  let rows = 0;
  while (size < bytes) {
    const lines: string[] = [];
    for (let i = 0; i < 5000; i += 1, rows += 1) {
      const fail = rows % 7 === 0;
      const day = String((rows % 28) + 1).padStart(2, '0');
      lines.push(
        `AUD-${String(rows).padStart(8, '0')},loc-${String(rows % 40).padStart(2, '0')},${day}/10/2026 10:15,daily_note,pass,${fail ? 'fail' : 'pass'},pass,pass,${fail ? 'training' : ''},\r\n`,
      );
    }
    const chunk = lines.join('');
    size += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return rows;
}

interface Measured {
  code: number;
  seconds: number;
  maxRssMb: number;
  firstLine: string;
}

function runCli(args: string[], nodeFlags: string[] = []): Promise<Measured> {
  const started = Date.now();
  return new Promise((resolve) => {
    const env = { ...process.env, INIT_CWD: '' };
    execFile(
      process.execPath,
      [...nodeFlags, '--import', 'tsx', '--import', REPORT_RSS, 'src/cli.ts', ...args],
      { cwd: EXPORTER, env, maxBuffer: 64 * MB },
      (error, stdout, stderr) => {
        const rss = /max-rss-kb (\d+)/.exec(stderr);
        const output = `${stdout}${stderr.replace(/max-rss-kb \d+\n?/, '')}`.split('\n').filter((line) => line.trim() !== '' && !/rows read/.test(line));
        resolve({
          code: error ? Number(error.code ?? 1) : 0,
          seconds: (Date.now() - started) / 1000,
          maxRssMb: Number(rss?.[1] ?? Number.NaN) / 1024,
          firstLine: output.slice(0, 2).join(' | ').slice(0, 220),
        });
      },
    );
  });
}

const dir = await mkdtemp(path.join(tmpdir(), 'ecm-import-bench-'));
try {
  const migrated = await runCli(['migrate-governance', '--database-url', url]);
  if (migrated.code !== 0) throw new Error(`migrate-governance failed: ${migrated.firstLine}`);
  const tiny = path.join(dir, 'tiny.csv');
  await writeFile(tiny, `${FEEDBACK_HEADER}\nX1,loc-1,01/11/2026,nurse,3,none,\n`);
  const cell = path.join(dir, 'cell-200mb.csv');
  await writeRunaway(cell, `${FEEDBACK_HEADER}\nX1,loc-1,01/11/2026,nurse,3,none,`, 200 * MB, '\n');
  const quote = path.join(dir, 'open-quote-200mb.csv');
  await writeRunaway(quote, `${FEEDBACK_HEADER}\nX1,loc-1,01/11/2026,nurse,3,none,"never closed\n`, 200 * MB, '\n');
  const large = path.join(dir, 'audits-50mb.csv');
  const rows = await writeAudits(large, 50 * MB);
  const cases = [
    { name: 'one row (baseline)', log: 'feedback', file: tiny },
    { name: 'one 200 MB cell', log: 'feedback', file: cell },
    { name: '200 MB after an open quote', log: 'feedback', file: quote },
    { name: `valid audits, ${rows} rows`, log: 'audits', file: large },
    // The same with the V8 heap capped: V8 grows its heap lazily when memory is free, so the default
    // run's RSS is mostly garbage not yet collected; finishing under the cap shows what is really held.
    { name: 'the same, heap capped 128 MB', log: 'audits', file: large, nodeFlags: ['--max-old-space-size=128'] },
  ];
  process.stdout.write(`bench:import (${new Date().toISOString()}, load ${loadavg()[0]?.toFixed(2)}, node ${process.version})\n`);
  process.stdout.write(`${'file'.padEnd(30)} ${'size'.padStart(9)} ${'exit'.padStart(4)} ${'seconds'.padStart(8)} ${'peak RSS'.padStart(9)}  output\n`);
  for (const item of cases) {
    const size = (await stat(item.file)).size / MB;
    const measured = await runCli(['import', item.log, item.file, '--dry-run', '--database-url', url], item.nodeFlags);
    process.stdout.write(
      `${item.name.padEnd(30)} ${`${size.toFixed(1)} MB`.padStart(9)} ${String(measured.code).padStart(4)} ${measured.seconds.toFixed(1).padStart(8)} ${`${measured.maxRssMb.toFixed(0)} MB`.padStart(9)}  ${measured.firstLine}\n`,
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
