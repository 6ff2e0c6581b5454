import { describeConnectionError, UserError } from '../errors.ts';
import { createPgDb } from './pg.ts';
import type { Db } from './types.ts';

/**
 * Opens a `pg` database from a URL given on the command line and checks it
 * answers, so an unreachable server is one clear line, not a stack trace later.
 */
export async function openDatabase(url: string | undefined, options: { max?: number } = {}): Promise<Db> {
  if (!url) throw new UserError('no database URL: pass --database-url or set DATABASE_URL');
  if (!/^postgres(ql)?:\/\//.test(url)) throw new UserError(`--database-url must be a postgres:// URL, got "${url.slice(0, 40)}"`);
  const db = createPgDb({ connectionString: url, ...options });
  try {
    await db.query('SELECT 1');
  } catch (error) {
    await db.close().catch(() => undefined);
    throw describeConnectionError(error, url);
  }
  return db;
}
