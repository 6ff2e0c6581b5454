import type { Queryable } from '../../db/types.ts';
import type { CellValue, Column } from './columns.ts';
import type { LogDefinition, ParsedRow } from './logs.ts';

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** How a column travels as one array parameter (`unnest`) and is turned back into its type. */
function arrayParameter(column: Column, index: number): { param: string; select: string } {
  const p = `$${index + 1}`;
  switch (column.sqlType) {
    case 'text[]':
      // Themes travel ';'-joined (themes cannot contain ';') because unnest flattens nested arrays.
      return {
        param: `${p}::text[]`,
        select: `CASE WHEN coalesce(i.${column.name}, '') = '' THEN '{}'::text[] ELSE string_to_array(i.${column.name}, ';') END`,
      };
    case 'timestamptz':
      return { param: `${p}::timestamptz[]`, select: `i.${column.name}` };
    case 'boolean':
    case 'smallint':
    case 'text':
      return { param: `${p}::${column.sqlType}[]`, select: `i.${column.name}` };
  }
}

/**
 * One statement per log: insert the batch, update rows whose id exists and whose
 * values differ, leave identical rows alone. `xmax = 0` tells a fresh insert from
 * an update; rows not returned were unchanged. Re-importing a file changes nothing.
 */
export function upsertSql(log: LogDefinition): string {
  const names = log.columns.map((column) => column.name);
  const parts = log.columns.map((column, index) => arrayParameter(column, index));
  const others = names.filter((name) => name !== log.idColumn);
  return `
    INSERT INTO ${log.table} AS t (${names.join(', ')})
    SELECT ${parts.map((part) => part.select).join(', ')}
    FROM unnest(${parts.map((part) => part.param).join(', ')}) AS i(${names.join(', ')})
    ON CONFLICT (${log.idColumn}) DO UPDATE SET ${others.map((name) => `${name} = EXCLUDED.${name}`).join(', ')}
    WHERE (${others.map((name) => `t.${name}`).join(', ')}) IS DISTINCT FROM (${others.map((name) => `EXCLUDED.${name}`).join(', ')})
    RETURNING (xmax = 0) AS inserted`;
}

function toParameter(value: CellValue): string | number | boolean | null {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.join(';');
  return value;
}

export async function upsertBatch(tx: Queryable, log: LogDefinition, sql: string, rows: readonly ParsedRow[]): Promise<UpsertCounts> {
  if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const params = log.columns.map((column) => rows.map((row) => toParameter(row[column.name] ?? null)));
  const result = await tx.query<{ inserted: boolean }>(sql, params);
  const inserted = result.rows.filter((row) => row.inserted).length;
  const updated = result.rows.length - inserted;
  return { inserted, updated, unchanged: rows.length - result.rows.length };
}
