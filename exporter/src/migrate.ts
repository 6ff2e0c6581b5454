import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Db } from './db/index.ts';

/** Folder of the reference DDL, numbered files applied in order. */
export const SQL_DIR = fileURLToPath(new URL('../sql/', import.meta.url));

/** Reference migration files, in the order they are applied. */
export async function referenceMigrations(dir = SQL_DIR): Promise<string[]> {
  const names = (await readdir(dir)).filter((name) => /^\d{3}_.+\.sql$/.test(name)).sort();
  return names.map((name) => path.join(dir, name));
}

/**
 * Applies the reference schema. Every file is idempotent (IF NOT EXISTS), and all
 * run in one transaction, so a failure leaves the database as it was.
 */
export async function migrateReferenceSchema(db: Db): Promise<string[]> {
  const files = await referenceMigrations();
  const scripts = await Promise.all(files.map((file) => readFile(file, 'utf8')));
  await db.exec(['BEGIN;', ...scripts, 'COMMIT;'].join('\n'));
  return files.map((file) => path.basename(file));
}
