import type { Queryable } from '../db/index.ts';

/**
 * Bulk load without per-row index and foreign-key work: inside the seeding
 * transaction, drop the `ecm` tables' keys, foreign keys and indexes, load, then
 * recreate exactly what was there (definitions are read from the catalogue, so
 * indexes added by later migrations are kept). Building an index once over the
 * loaded rows is several times faster than maintaining it per row, and one
 * foreign-key validation query replaces a trigger per row. A failure rolls the
 * whole transaction back, keys included.
 */

type ConstraintDef = {
  tbl: string;
  name: string;
  contype: string;
  def: string;
};

type IndexDef = {
  name: string;
  def: string;
};

const CONSTRAINTS = `
SELECT c.conrelid::regclass::text AS tbl, format('%I', c.conname) AS name, c.contype::text AS contype, pg_get_constraintdef(c.oid) AS def
FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
WHERE n.nspname = 'ecm' AND c.contype IN ('p', 'u', 'f')
ORDER BY c.conrelid::regclass::text, c.conname`;

/** Indexes that do not back a key (those come back with their constraint). */
const INDEXES = `
SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = 'ecm' AND t.relkind = 'r'
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))
ORDER BY 1`;

export async function loadWithoutIndexes<T>(tx: Queryable, load: () => Promise<T>, onProgress: (line: string) => void): Promise<T> {
  const { rows: constraints } = await tx.query<ConstraintDef>(CONSTRAINTS);
  const { rows: indexes } = await tx.query<IndexDef>(INDEXES);
  const foreign = constraints.filter((c) => c.contype === 'f');
  const keys = constraints.filter((c) => c.contype !== 'f');

  for (const c of [...foreign, ...keys]) await tx.query(`ALTER TABLE ${c.tbl} DROP CONSTRAINT ${c.name}`);
  for (const index of indexes) await tx.query(`DROP INDEX ${index.name}`);

  const result = await load();

  onProgress(`building ${keys.length} keys, ${indexes.length} indexes and ${foreign.length} foreign keys`);
  for (const c of keys) await tx.query(`ALTER TABLE ${c.tbl} ADD CONSTRAINT ${c.name} ${c.def}`);
  for (const index of indexes) await tx.query(index.def);
  for (const c of foreign) await tx.query(`ALTER TABLE ${c.tbl} ADD CONSTRAINT ${c.name} ${c.def}`);
  return result;
}
