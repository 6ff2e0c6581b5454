/**
 * The `backfill` command as a person runs it: bad input is one line, exit 2 and no file;
 * on PostgreSQL (TEST_DATABASE_URL) a seeded database is backfilled with a summary.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../src/seed/index.ts';
import { runCli, type CliRun } from '../support/cli.ts';
import { createScratchPostgres } from '../support/databases.ts';

const cli = (args: string[], env: Record<string, string> = {}): Promise<CliRun> => runCli(['backfill', ...args], env);

describe('backfill CLI input', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ecm-backfill-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // Checked before any database is opened: the URL points nowhere on purpose and is never used.
  const NO_DB = { DATABASE_URL: 'postgres://nobody@127.0.0.1:9/none' };

  it.each([
    [['--from', '2026-02-30'], /^ecm-adoption-exporter: --from: not a calendar date "2026-02-30" \(expected YYYY-MM-DD, e\.g\. 2026-09-01\)\n$/],
    [['--to', 'yesterday'], /^ecm-adoption-exporter: --to: not a calendar date "yesterday"/],
    [['--from', '2026-03-10', '--to', '2026-03-01'], /^ecm-adoption-exporter: --from \(2026-03-10\) is after --to \(2026-03-01\)\n$/],
    [['--split-days', '0'], /^ecm-adoption-exporter: --split-days: expected a whole number of days from 1 to 366, got "0"\n$/],
  ])('%j: one line, exit 2, nothing written', async (args, message) => {
    const run = await cli([...args, '--out', path.join(dir, 'out.txt')], NO_DB);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(message);
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses an --out in a folder that does not exist', async () => {
    const run = await cli(['--out', path.join(dir, 'missing', 'out.txt')], NO_DB);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`ecm-adoption-exporter: --out: the folder ${path.join(dir, 'missing')} does not exist\n`);
  });
});

const adminUrl = process.env.TEST_DATABASE_URL;
describe.skipIf(!adminUrl)('backfill CLI on PostgreSQL (needs TEST_DATABASE_URL)', () => {
  let db: Awaited<ReturnType<typeof createScratchPostgres>>;
  let dir: string;
  beforeAll(async () => {
    if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
    db = await createScratchPostgres(adminUrl);
    await seedDatabase(db, { profile: 'small', seed: 3, now: new Date('2026-05-15T12:00:00Z') });
    dir = await mkdtemp(path.join(os.tmpdir(), 'ecm-backfill-cli-pg-'));
  });
  afterAll(async () => {
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes two weeks of one location with a summary', async () => {
    const out = path.join(dir, 'two-weeks.om.txt');
    const run = await cli(['--from', '2026-03-02', '--to', '2026-03-15', '--database-url', db.url, '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const text = await readFile(out, 'utf8');
    const samples = text.split('\n').filter((line) => line !== '' && !line.startsWith('#')).length;
    // Two GMT weeks: 336 hourly instants, 168 two-hour blocks; with --max-block-duration=744h one
    // 486-hour block: ranges are aligned on multiples of 486 h since the epoch, and 2026-03-02T00:00Z
    // is 18 h into one (1 772 409 600 s = 1013 x 1 749 600 s + 64 800 s), which ends 468 h later.
    expect(run.stdout).toMatch(
      new RegExp(`^backfill written: ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n  locations 1, series \\d+, samples ${samples}, [\\d.]+ MB, [\\d.]+ s\n`),
    );
    expect(run.stdout).toContain('--max-block-duration=744h will cut 1 blocks (168 two-hour blocks without the flag');
    expect(text.endsWith('\n# EOF\n')).toBe(true);
    expect(await readdir(dir)).toEqual(['two-weeks.om.txt']);
  });

  it('refuses a period before go-live and an unknown location, exit 2, nothing written', async () => {
    const before = await cli(['--to', '2025-12-31', '--database-url', db.url, '--out', path.join(dir, 'before.txt')]);
    expect(before).toMatchObject({ code: 2, stdout: '' });
    expect(before.stderr).toMatch(
      /^ecm-adoption-exporter: nothing to backfill: the period ends before go-live \(earliest go-live 2026-01-15\); pass a --to on or after it\n$/,
    );
    const unknown = await cli(['--location', 'nowhere', '--database-url', db.url, '--out', path.join(dir, 'unknown.txt')]);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toMatch(/^ecm-adoption-exporter: --location: unknown location "nowhere" \(known: loc-01\)\n$/);
    expect(await readdir(dir)).toEqual(['two-weeks.om.txt']);
  });
});
