import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createScratchPostgres } from './support/databases.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in a child process (the process owns exit codes and stderr). */
function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      TSX,
      [CLI, ...args],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: undefined, ...env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        resolve({ code: child.exitCode ?? (error ? 1 : 0), stdout, stderr });
      },
    );
  });
}

const UNREACHABLE = 'postgres://nobody@127.0.0.1:1/none';

describe('seed command: bad input is one clear line and a non-zero exit', () => {
  const cases: Array<[string, string[], RegExp]> = [
    [
      'unknown profile',
      ['--profile', 'huge', '--seed', '1', '--database-url', UNREACHABLE],
      /^ecm-adoption-exporter: --profile: unknown profile "huge", use one of small, medium, large$/,
    ],
    [
      'unparseable --now',
      ['--profile', 'small', '--seed', '1', '--now', 'yesterday', '--database-url', UNREACHABLE],
      /^ecm-adoption-exporter: --now: not an ISO 8601 date-time: "yesterday"/,
    ],
    [
      'impossible --now',
      ['--profile', 'small', '--seed', '1', '--now', '2026-02-30T10:00:00Z', '--database-url', UNREACHABLE],
      /^ecm-adoption-exporter: --now: not an ISO 8601 date-time/,
    ],
    ['fractional seed', ['--profile', 'small', '--seed', '1.5', '--database-url', UNREACHABLE], /^ecm-adoption-exporter: --seed: expected a whole number/],
    [
      'unreachable database',
      ['--profile', 'small', '--seed', '1', '--database-url', UNREACHABLE],
      /^ecm-adoption-exporter: cannot connect to the database at postgres:\/\/nobody@127\.0\.0\.1:1\/none/,
    ],
    ['no database url', ['--profile', 'small', '--seed', '1'], /^ecm-adoption-exporter: no database URL: pass --database-url or set DATABASE_URL$/],
  ];

  it.each(cases)('%s', async (_name, args, message) => {
    const run = await runCli(['seed', ...args]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });
});

const adminUrl = process.env.TEST_DATABASE_URL;
describe.skipIf(!adminUrl)('seed command against PostgreSQL (needs TEST_DATABASE_URL)', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('seeds, prints progress and a summary, then refuses a second run without --replace', async () => {
    const db = await createScratchPostgres(adminUrl ?? '');
    cleanups.push(() => db.close());
    const args = ['seed', '--profile', 'small', '--seed', '4', '--now', '2026-11-25T10:00:00Z'];
    const first = await runCli(args, { DATABASE_URL: db.url });
    expect(first.stderr).toMatch(/^seed small: loc-01 \(1\/1\) loaded, /m);
    expect(first.stdout).toMatch(/^seeded profile small \(seed 4, now 2026-11-25T10:00:00\.000Z\) in \d+\.\d s:$/m);
    expect(first.stdout).toMatch(/^ {2}ecm\.locations +1$/m);
    expect(first.stdout).toMatch(/^ {2}ecm\.staff +60$/m);
    // The governance logs of the same stories follow the ECM data.
    expect(first.stdout).toMatch(
      /^seeded governance logs: [1-9]\d* audits, [1-9]\d* feedback responses, [1-9]\d* issues, [1-9]\d* actions, [1-9]\d* reviews$/m,
    );
    expect(first.code).toBe(0);

    const second = await runCli(args, { DATABASE_URL: db.url });
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/^ecm-adoption-exporter: the ecm tables already hold data \(locations: 1, staff: 60, .*\); pass --replace to replace it\n$/);

    const third = await runCli([...args, '--replace'], { DATABASE_URL: db.url });
    expect(third.code).toBe(0);

    // Imported governance logs are protected too: with the ecm tables emptied, seed
    // still refuses because the adoption store holds logs, and leaves them in place.
    await db.query('TRUNCATE ecm.locations, ecm.staff, ecm.shifts, ecm.sessions, ecm.tasks, ecm.care_notes, ecm.alerts');
    const before = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM adoption.governance_reviews');
    const fourth = await runCli(args, { DATABASE_URL: db.url });
    expect(fourth.code).toBe(2);
    expect(fourth.stderr).toBe(
      'ecm-adoption-exporter: the governance store (schema `adoption`) already holds logs: pass --replace to overwrite them with demo data\n',
    );
    const after = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM adoption.governance_reviews');
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM ecm.locations')).rows[0]?.n).toBe(0);
  });
});
