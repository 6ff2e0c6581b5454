import type { Queryable } from '../../db/types.ts';
import type { LogDefinition } from './logs.ts';
import type { ProblemList } from './problems.ts';

/** A row's reference to another row (follow_up_of, linked_issue_id...). */
export interface PendingReference {
  line: number;
  id: string;
  column: string;
  target: string;
}

const CHUNK = 5000;

/**
 * Every reference must point somewhere: to a row of the same file (where the log
 * allows it) or to a row already in the store. Checked before anything is kept, so
 * the message names the line instead of a foreign-key error at commit.
 */
export async function checkReferences(
  tx: Queryable,
  log: LogDefinition,
  pending: readonly PendingReference[],
  idsInFile: ReadonlyMap<string, number>,
  problems: ProblemList,
): Promise<void> {
  for (const reference of log.references) {
    const mine = pending.filter((item) => item.column === reference.column && !(reference.sameFile && idsInFile.has(item.target)));
    const targets = [...new Set(mine.map((item) => item.target))];
    const found = new Set<string>();
    for (let start = 0; start < targets.length; start += CHUNK) {
      const { rows } = await tx.query<{ id: string }>(
        `SELECT ${reference.idColumn} AS id FROM ${reference.table} WHERE ${reference.idColumn} = ANY($1::text[])`,
        [targets.slice(start, start + CHUNK)],
      );
      for (const row of rows) found.add(row.id);
    }
    const where = reference.sameFile ? 'in this file or in the store' : 'in the store (import that log first)';
    for (const item of mine) {
      if (!found.has(item.target)) problems.add(item.line, item.column, `"${item.target}" points nowhere: no ${reference.idColumn} "${item.target}" ${where}`);
    }
  }
}
