/**
 * Seeds the large profile into a benchmark database unless it already holds it (seeding
 * takes minutes; BENCH_RESEED=1 seeds again). `liveDays`: every home went live that many
 * days before now (planRows), so two databases hold the same homes with different history.
 */
import { readFile } from 'node:fs/promises';
import { openDatabase } from '../../src/db/open.ts';
import type { Db } from '../../src/db/index.ts';
import { countRows, seedDatabase } from '../../src/seed/index.ts';

export async function seedIfEmpty(url: string, liveDays: number, progress: (line: string) => void): Promise<void> {
  const db = await openDatabase(url, { max: 2 });
  try {
    const present = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'ecm' AND tablename = 'tasks'`);
    if (process.env.BENCH_RESEED !== '1' && present.rows[0]?.n === 1) {
      const counts = await countRows(db);
      const newest = await db.query<{ at: string | null }>(`SELECT max(raised_at)::text AS at FROM ecm.alerts`);
      if (counts.tasks > 0) {
        await addMissingIndexes(db, progress);
        await vacuumIfNotVisible(db, progress);
        progress(
          `${liveDays} days: reusing the data there (seeded up to ${newest.rows[0]?.at ?? '?'}; BENCH_RESEED=1 to seed again): ${Object.entries(counts)
            .map(([t, n]) => `${t} ${n}`)
            .join(', ')}`,
        );
        return;
      }
    }
    const summary = await seedDatabase(db, { profile: 'large', seed: 1, now: new Date(), replace: true, liveDays, connections: 2, onProgress: progress });
    progress(
      `${liveDays} days: seeded the large profile in ${(summary.elapsedMs / 1000).toFixed(1)} s: ${Object.entries(summary.rows)
        .map(([t, n]) => `${t} ${n}`)
        .join(', ')}`,
    );
    await vacuumIfNotVisible(db, progress);
  } finally {
    await db.close();
  }
}

/**
 * A database seeded by an earlier version lacks the indexes added to the reference
 * schema since (the incremental refresh's change lookups need three); they are
 * created here as an adapter upgrade would, so a reused database is measured with
 * the indexes the product asks for (and without those they superseded).
 */
async function addMissingIndexes(db: Db, progress: (line: string) => void): Promise<void> {
  const schema = await readFile(new URL('../../sql/001_ecm_reference_schema.sql', import.meta.url), 'utf8');
  // In order: an index superseded by a covering one is dropped once its successor exists.
  const statements = schema.match(/(CREATE INDEX IF NOT EXISTS|DROP INDEX IF EXISTS)[^;]+;/g) ?? [];
  const names = async (): Promise<Set<string>> =>
    new Set((await db.query<{ name: string }>(`SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'ecm'`)).rows.map((row) => row.name));
  const before = await names();
  for (const statement of statements) await db.exec(statement);
  const after = await names();
  const created = [...after].filter((name) => !before.has(name));
  const dropped = [...before].filter((name) => !after.has(name));
  if (created.length > 0 || dropped.length > 0)
    progress(
      `brought the reused database's indexes up to the reference schema: created ${created.join(', ') || 'none'}; dropped ${dropped.join(', ') || 'none'}`,
    );
}

/**
 * A database just seeded has never been vacuumed, so no page is marked all-visible and
 * every index scan still reads the table: the covering indexes of the reference schema
 * would not be index-only. On a live ECM database autovacuum has long done this; the
 * benchmark does it for the tables mostly not all-visible (VACUUM cannot run inside
 * the seeding transaction).
 */
async function vacuumIfNotVisible(db: Db, progress: (line: string) => void): Promise<void> {
  const tables = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'ecm' AND c.relkind = 'r' AND c.relpages > 0 AND c.relallvisible < c.relpages / 2 ORDER BY c.relname`,
  );
  if (tables.rows.length === 0) return;
  const started = performance.now();
  await db.exec(`VACUUM (ANALYZE) ${tables.rows.map((row) => `ecm.${row.name}`).join(', ')}`);
  progress(`vacuumed ${tables.rows.map((row) => row.name).join(', ')} (mostly not all-visible yet) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
