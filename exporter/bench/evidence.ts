/**
 * npm run bench:evidence: how long an evidence pack takes and how big it is, on PostgreSQL.
 *
 *   BENCH_DATABASE_URL        medium profile (seeded, with its governance logs, when the
 *                             database holds no ECM data): `--all` over every location.
 *                             Target: under 60 s, HTML under 2 MB per location.
 *   BENCH_LARGE_DATABASE_URL  optional: a database loaded by `npm run bench:seed` (large
 *                             profile): one location over its last 120 days. Target: under 10 s.
 *
 * Each pack is computed as the CLI and GET /evidence compute it (READ ONLY
 * transactions, statement timeout 10 s, one connection per database) and rendered;
 * the figures are wall time (median of RUNS), the HTML size and the peak RSS.
 * A script that prints numbers, not a timed test.
 */
import { loadavg } from 'node:os';
import { openDatabase } from '../src/db/open.ts';
import type { Db } from '../src/db/types.ts';
import { addDays, localDate } from '../src/engine/domain-time.ts';
import { generateEvidence } from '../src/evidence/generate.ts';
import type { EvidencePack } from '../src/evidence/model.ts';
import { describeDatabase } from '../src/evidence/provenance.ts';
import { renderEvidenceHtml } from '../src/evidence/render/document.ts';
import type { EvidenceRequest } from '../src/evidence/request.ts';
import { DEFAULT_INDICATOR_SETTINGS } from '../src/indicators/settings.ts';
import { governanceStorePresent } from '../src/governance/store.ts';
import { seedGovernanceLogs } from '../src/seed/governance-logs.ts';
import { countRows, seedDatabase } from '../src/seed/index.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const STATEMENT_TIMEOUT_MS = 10_000;
const MB = 1024 * 1024;

async function seedMediumIfEmpty(db: Db): Promise<void> {
  const present = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'ecm' AND tablename = 'tasks'`);
  if (present.rows[0]?.n === 1 && (await countRows(db)).tasks > 0) {
    process.stdout.write('reusing the ECM data already there\n');
    return;
  }
  const now = new Date();
  const started = performance.now();
  await seedDatabase(db, { profile: 'medium', seed: 1, now, onProgress: (line) => process.stdout.write(`  ${line}\n`) });
  await seedGovernanceLogs(db, { profile: 'medium', seed: 1, now });
  process.stdout.write(`seeded the medium profile and its governance logs in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

interface Measure {
  seconds: number[];
  pack: EvidencePack;
  html: string;
}

async function measure(db: Db, request: EvidenceRequest): Promise<Measure> {
  const seconds: number[] = [];
  let last: { pack: EvidencePack; html: string } | undefined;
  for (let run = 0; run < RUNS; run += 1) {
    const started = performance.now();
    const pack = await generateEvidence(
      {
        ecm: db,
        governance: db,
        settings: DEFAULT_INDICATOR_SETTINGS,
        statementTimeoutMs: STATEMENT_TIMEOUT_MS,
        now: new Date(),
        version: 'bench',
        ecmSource: 'bench',
        governanceSource: 'bench',
      },
      request,
    );
    const html = renderEvidenceHtml(pack, DEFAULT_INDICATOR_SETTINGS);
    seconds.push((performance.now() - started) / 1000);
    last = { pack, html };
  }
  if (!last) throw new Error('BENCH_RUNS must be at least 1');
  return { seconds, ...last };
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

function report(label: string, target: number, result: Measure): void {
  const perLocation = result.pack.locations.map((location) =>
    Buffer.byteLength(renderEvidenceHtml({ ...result.pack, locations: [location] }, DEFAULT_INDICATOR_SETTINGS)),
  );
  const runs = result.seconds.map((s) => s.toFixed(2)).join(', ');
  process.stdout.write(
    `${label}: median ${median(result.seconds).toFixed(2)} s (runs ${runs}; target < ${target} s), ` +
      `${result.pack.locations.length} location(s), HTML ${(Buffer.byteLength(result.html) / MB).toFixed(2)} MB in all, ` +
      `largest single-location pack ${(Math.max(...perLocation) / MB).toFixed(2)} MB (target < 2 MB)\n`,
  );
}

async function main(): Promise<void> {
  const mediumUrl = process.env.BENCH_DATABASE_URL;
  if (!mediumUrl) {
    process.stderr.write('bench:evidence: set BENCH_DATABASE_URL to a PostgreSQL database (empty: the medium profile is seeded there)\n');
    process.exitCode = 2;
    return;
  }
  process.stdout.write(
    `load average at start ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (2-core machine: above 2 means other work competes)\n`,
  );
  const medium = await openDatabase(mediumUrl, { max: 1 });
  try {
    await seedMediumIfEmpty(medium);
    process.stdout.write(`medium: ${describeDatabase(mediumUrl)}\n`);
    report('medium, --all (every location, go-live to today)', 60, await measure(medium, { scope: { kind: 'all' } }));
    report('medium, loc-01 (go-live to today)', 10, await measure(medium, { scope: { kind: 'location', locationId: 'loc-01' } }));
  } finally {
    await medium.close();
  }
  const largeUrl = process.env.BENCH_LARGE_DATABASE_URL;
  if (!largeUrl) {
    process.stdout.write('large: not measured (set BENCH_LARGE_DATABASE_URL to a database loaded by `npm run bench:seed`)\n');
  } else {
    const large = await openDatabase(largeUrl, { max: 1 });
    try {
      // bench:seed loads the ECM data only; the governance logs of the profile are small and quick to add.
      if (!(await governanceStorePresent(large))) {
        await seedGovernanceLogs(large, { profile: 'large', seed: 1, now: new Date() });
        process.stdout.write("added the large profile's governance logs\n");
      }
      const from = addDays(localDate(new Date(), 'Europe/London'), -120);
      report(`large, loc-01 over 120 days (from ${from})`, 10, await measure(large, { scope: { kind: 'location', locationId: 'loc-01' }, from }));
    } finally {
      await large.close();
    }
  }
  process.stdout.write(
    `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; load average at end ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`,
  );
}

await main();
