import type { Command } from 'commander';
import type { Db } from '../db/index.ts';
import { databaseUrlOption, openDatabase } from '../db/open.ts';
import { UserError } from '../errors.ts';
import { governanceStorePresent } from '../governance/store.ts';
import { seedGovernanceLogs } from '../seed/governance-logs.ts';
import { countRows, ECM_TABLES, SEED_PROFILES, seedDatabase, type SeedProfile, type SeedSummary } from '../seed/index.ts';

interface SeedFlags {
  databaseUrl: string | undefined;
  profile: string;
  seed: string;
  now: string | undefined;
  replace: boolean | undefined;
}

export function parseProfile(value: string): SeedProfile {
  const profile = SEED_PROFILES.find((p) => p === value);
  if (!profile) throw new UserError(`--profile: unknown profile "${value}", use one of ${SEED_PROFILES.join(', ')}`);
  return profile;
}

export function parseSeed(value: string): number {
  const seed = /^\d{1,13}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(seed) || seed > 2 ** 40) throw new UserError(`--seed: expected a whole number from 0 to ${2 ** 40}, got "${value}"`);
  return seed;
}

/** An ISO 8601 date-time (or date); without a zone it is read as UTC, so the data set does not depend on the machine. */
export function parseNow(value: string): Date {
  const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
  const zoned = /T.*(Z|[+-]\d{2}:?\d{2})$/.test(value) || !value.includes('T') ? value : `${value}Z`;
  const [year = 0, month = 0, day = 0] = value.slice(0, 10).split('-').map(Number);
  // JavaScript rolls 30 February over into March; a calendar date must exist as written.
  const dayExists = month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
  const date = iso.test(value) && dayExists ? new Date(zoned) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new UserError(`--now: not an ISO 8601 date-time: "${value}" (example: 2026-11-25T10:00:00Z)`);
  return date;
}

export function formatSummary(summary: SeedSummary): string {
  const width = Math.max(...ECM_TABLES.map((t) => t.length));
  const lines = ECM_TABLES.map((t) => `  ecm.${t.padEnd(width)}  ${String(summary.rows[t]).padStart(10)}`);
  return [`seeded profile ${summary.profile} (seed ${summary.seed}, now ${summary.now}) in ${(summary.elapsedMs / 1000).toFixed(1)} s:`, ...lines, ''].join(
    '\n',
  );
}

async function ecmHoldsData(db: Db): Promise<boolean> {
  const { rows } = await db.query<{ present: boolean }>(`SELECT to_regclass('ecm.locations') IS NOT NULL AS present`);
  if (!rows[0]?.present) return false;
  return Object.values(await countRows(db)).some((n) => n > 0);
}

async function governanceLogsPresent(db: Db): Promise<boolean> {
  if (!(await governanceStorePresent(db))) return false;
  const { rows } = await db.query<{ n: number }>(
    `SELECT ((SELECT count(*) FROM adoption.record_audits) + (SELECT count(*) FROM adoption.staff_feedback)
           + (SELECT count(*) FROM adoption.adoption_issues) + (SELECT count(*) FROM adoption.corrective_actions)
           + (SELECT count(*) FROM adoption.governance_reviews))::int AS n`,
  );
  return (rows[0]?.n ?? 0) > 0;
}

export function registerSeed(program: Command): void {
  program
    .command('seed')
    .description('write a deterministic synthetic care data set into the reference `ecm` tables')
    .addOption(databaseUrlOption('PostgreSQL URL (or DATABASE_URL)', process.env.DATABASE_URL, 'DATABASE_URL'))
    .requiredOption('--profile <profile>', `data set size: ${SEED_PROFILES.join(' | ')}`)
    .requiredOption('--seed <n>', 'whole number; the same seed and --now give the same rows')
    .option('--now <iso>', 'end of the data set (ISO 8601; default: the current time)')
    .option('--replace', 'replace existing ecm data instead of refusing')
    .action(async (flags: SeedFlags) => {
      // Validate every flag before touching the database.
      const profile = parseProfile(flags.profile);
      const seed = parseSeed(flags.seed);
      const now = flags.now === undefined ? new Date() : parseNow(flags.now);
      const db = await openDatabase(flags.databaseUrl);
      try {
        const replace = flags.replace ?? false;
        // The governance logs are demo data too: never overwrite a store a provider has
        // imported into. (When the ecm tables hold data, seedDatabase refuses first.)
        if (!replace && !(await ecmHoldsData(db)) && (await governanceLogsPresent(db))) {
          throw new UserError('the governance store (schema `adoption`) already holds logs: pass --replace to overwrite them with demo data');
        }
        const summary = await seedDatabase(db, {
          profile,
          seed,
          now,
          replace: flags.replace ?? false,
          onProgress: (line) => process.stderr.write(`${line}\n`),
        });
        process.stdout.write(formatSummary(summary));
        const logs = await seedGovernanceLogs(db, { profile, seed, now });
        process.stdout.write(
          `seeded governance logs: ${logs.audits} audits, ${logs.feedback} feedback responses, ${logs.issues} issues, ${logs.actions} actions, ${logs.reviews} reviews\n`,
        );
      } finally {
        await db.close();
      }
    });
}
