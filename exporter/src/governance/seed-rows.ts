import type { Queryable } from '../db/types.ts';

/** A row for the synthetic governance logs: column -> value (Date, boolean, text[]...). */
export type SeedRow = Record<string, string | number | boolean | Date | string[] | null>;

/** A small deterministic PRNG (mulberry32): the same seed gives the same logs. */
export function seededRandom(seed: number, salt: string): () => number {
  let state = (seed ^ [...salt].reduce((hash, char) => Math.imul(hash ^ char.charCodeAt(0), 16777619), 2166136261)) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Inserts rows in chunks of multi-row VALUES; `casts` gives the SQL type of non-text columns. */
export async function insertRows(tx: Queryable, table: string, rows: readonly SeedRow[], casts: Readonly<Record<string, string>> = {}): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first);
  for (let start = 0; start < rows.length; start += 500) {
    const chunk = rows.slice(start, start + 500);
    const params: unknown[] = [];
    const values = chunk.map((row) => {
      const cells = columns.map((column) => {
        const value = row[column] ?? null;
        params.push(value instanceof Date ? value.toISOString() : value);
        return `$${params.length}::${casts[column] ?? 'text'}`;
      });
      return `(${cells.join(', ')})`;
    });
    await tx.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')}`, params);
  }
}
