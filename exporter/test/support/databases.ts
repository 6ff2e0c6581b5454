import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPgDb, createPgliteDb, type Db } from '../../src/db/index.ts';

/**
 * The databases every DB test runs on: always an embedded PGlite, and a real
 * PostgreSQL when TEST_DATABASE_URL is set (.ci/run sets it). Use with
 * `describe.each(databaseTargets())`.
 */
export interface DatabaseTarget {
  name: 'pglite' | 'postgres';
  /** A fresh, empty database; close() on the Db drops it. */
  create(): Promise<Db>;
}

export function databaseTargets(): DatabaseTarget[] {
  const targets: DatabaseTarget[] = [{ name: 'pglite', create: () => createPgliteDb() }];
  const url = process.env.TEST_DATABASE_URL;
  if (url) targets.push({ name: 'postgres', create: () => createScratchPostgres(url) });
  return targets;
}

/** Creates a uniquely named database on the server of `adminUrl`, dropped on close. */
export async function createScratchPostgres(adminUrl: string): Promise<Db & { url: string }> {
  const name = `ecm_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = createPgDb({ connectionString: url.toString(), max: 4 });
  return {
    ...db,
    url: url.toString(),
    async close() {
      await db.close();
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
