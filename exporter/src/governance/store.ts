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

export const GOVERNANCE_STORE_STATES = ['ready', 'not_migrated', 'no_permission'] as const;
/**
 * What the exporter can do with the governance store: read it (`ready`); nothing,
 * because it was never migrated (`not_migrated`); nothing, because this role was not
 * granted schema `adoption` (`no_permission`). Only `ready` publishes evidence; the
 * other two are states to report, not query errors.
 */
export type GovernanceStoreState = (typeof GOVERNANCE_STORE_STATES)[number];

/**
 * One statement, no error in any state: USAGE is checked before anything inside the
 * schema is named (to_regclass itself fails with "permission denied for schema"
 * without it), then SELECT on every table and view of the schema.
 */
export const GOVERNANCE_STORE_STATE_SQL = `SELECT current_user::text AS role, CASE
  WHEN to_regnamespace('adoption') IS NULL THEN 'not_migrated'
  WHEN NOT has_schema_privilege(to_regnamespace('adoption'), 'USAGE') THEN 'no_permission'
  WHEN to_regclass('adoption.governance_reviews') IS NULL THEN 'not_migrated'
  WHEN EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = to_regnamespace('adoption')
    AND c.relkind IN ('r', 'p', 'v', 'm') AND NOT has_table_privilege(c.oid, 'SELECT')) THEN 'no_permission'
  ELSE 'ready' END AS state`;

export interface GovernanceStoreProbe {
  state: GovernanceStoreState;
  /** The role the exporter connects as (current_user), for the grants to add. */
  role: string;
}

export async function probeGovernanceStore(db: Queryable): Promise<GovernanceStoreProbe> {
  const { rows } = await db.query<{ role: string; state: string }>(GOVERNANCE_STORE_STATE_SQL);
  const state = GOVERNANCE_STORE_STATES.find((candidate) => candidate === rows[0]?.state);
  if (state === undefined) throw new Error(`governance store probe returned no known state (${String(rows[0]?.state)})`);
  return { state, role: rows[0]?.role ?? '' };
}

/** SQLSTATE 42501 insufficient_privilege: a grant is missing (the probe saw it first unless grants changed meanwhile). */
export function isPermissionDenied(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === '42501';
}

/** A role name as SQL would need it in a GRANT (quoted unless a plain lower-case identifier). */
export function quoteRole(role: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(role) ? role : `"${role.replace(/"/g, '""')}"`;
}

/** The statements that let `role` read the governance store, as one line for the log. */
export function governanceGrants(role: string): string {
  const quoted = quoteRole(role);
  return `GRANT USAGE ON SCHEMA adoption TO ${quoted}; GRANT SELECT ON ALL TABLES IN SCHEMA adoption TO ${quoted};`;
}

/** True when the governance store tables exist (the exporter serves without them). */
export async function governanceStorePresent(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ present: boolean }>(`SELECT to_regclass('adoption.governance_reviews') IS NOT NULL AS present`);
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
