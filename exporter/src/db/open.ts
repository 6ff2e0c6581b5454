import { Option } from 'commander';
import { describeConnectionError, redactUrl, UserError } from '../errors.ts';
import { createPgDb } from './pg.ts';
import type { Db } from './types.ts';

/**
 * Opens a `pg` database from a URL given on the command line and checks it
 * answers, so an unreachable server is one clear line, not a stack trace later.
 * Every message shows the URL through redactUrl: never its password.
 */
export async function openDatabase(url: string | undefined, options: { max?: number } = {}): Promise<Db> {
  if (!url) throw new UserError('no database URL: pass --database-url or set DATABASE_URL');
  if (!/^postgres(ql)?:\/\//.test(url)) throw new UserError(`the database URL must be a postgres:// or postgresql:// URL, got ${redactUrl(url)}`);
  const db = createPgDb({ connectionString: url, ...options });
  try {
    await db.query('SELECT 1');
  } catch (error) {
    await db.close().catch(() => undefined);
    throw describeConnectionError(error, url);
  }
  return db;
}

/**
 * The `--database-url` option, defaulting to a URL from the environment. Its help
 * names the variables, never the value: the URL usually holds a password.
 */
export function databaseUrlOption(description: string, fromEnvironment: string | undefined, variables: string): Option {
  return new Option('--database-url <url>', description).default(fromEnvironment, variables);
}
