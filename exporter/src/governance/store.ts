import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Db, Queryable } from '../db/types.ts';
import { openDatabase } from '../db/open.ts';
import { UserError } from '../errors.ts';

/** Folder of the governance store DDL (schema `adoption`), numbered files applied in order. */
export const GOVERNANCE_SQL_DIR = fileURLToPath(new URL('../../sql/adoption/', import.meta.url));

/**
 * Creates or updates the governance store. Every file is idempotent and all run in
 * one transaction, so a failure leaves the database as it was.
 */
export async function migrateGovernanceStore(db: Db): Promise<string[]> {
  const names = (await readdir(GOVERNANCE_SQL_DIR)).filter((name) => /^\d{3}_.+\.sql$/.test(name)).sort();
  const scripts = await Promise.all(names.map((name) => readFile(path.join(GOVERNANCE_SQL_DIR, name), 'utf8')));
  await db.exec(['BEGIN;', ...scripts, 'COMMIT;'].join('\n'));
  return names.map((name) => `adoption/${name}`);
}

/** True when the governance store tables exist (the exporter serves without them). */
export async function governanceStorePresent(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ present: boolean }>(
    `SELECT to_regclass('adoption.governance_reviews') IS NOT NULL AS present`,
  );
  return rows[0]?.present === true;
}

/** Fails with one clear line when the store was never migrated (import needs it). */
export async function requireGovernanceStore(db: Queryable): Promise<void> {
  if (!(await governanceStorePresent(db))) {
    throw new UserError('the governance store (schema `adoption`) does not exist: run `ecm-adoption-exporter migrate-governance` first');
  }
}

/**
 * The URL of the governance store: GOVERNANCE_DATABASE_URL when set (a separate
 * database), otherwise the ECM database itself (DATABASE_URL).
 */
export function governanceDatabaseUrl(env: Readonly<Record<string, string | undefined>>): string | undefined {
  return env.GOVERNANCE_DATABASE_URL || env.DATABASE_URL || undefined;
}

/**
 * True when the store at `url` is known to be another database than the ECM one:
 * GOVERNANCE_DATABASE_URL is set and differs from DATABASE_URL, and `url` is not
 * DATABASE_URL. Then an `ecm` schema there (a copy, a test) is not the ECM database's.
 */
export function isSeparateStore(url: string | undefined, env: Readonly<Record<string, string | undefined>>): boolean {
  const governance = env.GOVERNANCE_DATABASE_URL || undefined;
  const ecm = env.DATABASE_URL || undefined;
  return governance !== undefined && governance !== ecm && url !== ecm;
}

/** Opens the governance store for CLI commands (a checked `pg` connection). */
export async function openGovernanceStore(url: string | undefined): Promise<Db> {
  if (!url) throw new UserError('no governance database URL: pass --database-url or set GOVERNANCE_DATABASE_URL or DATABASE_URL');
  return openDatabase(url);
}
