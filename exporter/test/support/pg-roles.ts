/**
 * Login roles for tests on real PostgreSQL, created from the README's recipe itself
 * (so the documented grants are the tested ones), and the logger that records what
 * the exporter says.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const README = fileURLToPath(new URL('../../../README.md', import.meta.url));

/** The ```sql blocks of the README section that starts with `heading`, in order. */
export async function readmeSqlBlocks(heading: string): Promise<string[]> {
  const text = await readFile(README, 'utf8');
  const start = text.indexOf(heading);
  if (start < 0) throw new Error(`README has no section "${heading}"`);
  const end = text.indexOf('\n## ', start);
  const section = text.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```sql\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}

/** A role name no other test run uses (roles are cluster-wide). */
export const uniqueRole = (): string => `ecm_exporter_t${randomBytes(4).toString('hex')}`;

/** Runs SQL as the server's admin on one database. */
export async function asAdmin(adminUrl: string, database: string, sql: string): Promise<void> {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The URL of `database` on the admin URL's server, logging in as `role`. */
export function roleUrl(adminUrl: string, database: string, role: string, password: string): string {
  const url = new URL(adminUrl);
  url.username = role;
  url.password = password;
  url.pathname = `/${database}`;
  return url.toString();
}

/** Drops a test role (its databases dropped first, so nothing of it is left). */
export async function dropRole(adminUrl: string, role: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP ROLE IF EXISTS ${role}`);
  } finally {
    await client.end();
  }
}

export interface RecordedLog {
  level: 'info' | 'warn';
  object: Record<string, unknown>;
  message: string;
}

/** A RefreshLogger that keeps every line. */
export function recordingLogger(): { lines: RecordedLog[]; info(object: object, message: string): void; warn(object: object, message: string): void } {
  const lines: RecordedLog[] = [];
  const keep = (level: RecordedLog['level']) => (object: object, message: string) => void lines.push({ level, object: { ...object }, message });
  return { lines, info: keep('info'), warn: keep('warn') };
}
