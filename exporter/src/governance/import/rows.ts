import type { CellValue, ParseContext } from './columns.ts';
import { MAX_FIELD_BYTES } from './csv.ts';
import type { LogDefinition, ParsedRow } from './logs.ts';
import type { ProblemList } from './problems.ts';

export interface RowPlace extends ParseContext {
  /** Where each template column is in the file's records. */
  indexes: readonly number[];
  /** Fields in the header; every record must have as many. */
  width: number;
  line: number;
}

// UTF-8 takes at most 3 bytes per UTF-16 unit: shorter strings cannot be over the limit.
const mayExceed = (raw: string): boolean => raw.length * 3 > MAX_FIELD_BYTES && Buffer.byteLength(raw) > MAX_FIELD_BYTES;

/**
 * Parses one record into typed values. Every problem of the record is added
 * (each column is checked even after one failed); returns undefined when any.
 */
export function parseRow(log: LogDefinition, record: readonly string[], place: RowPlace, problems: ProblemList): ParsedRow | undefined {
  const { indexes, width, line } = place;
  if (record.length !== width) {
    problems.addLine(line, `has ${record.length} fields, the header has ${width}`);
    return undefined;
  }
  const row: Record<string, CellValue> = {};
  let good = true;
  log.columns.forEach((column, position) => {
    const raw = record[indexes[position] ?? -1] ?? '';
    const problem = mayExceed(raw)
      ? `is ${Buffer.byteLength(raw)} bytes long; a cell may hold at most ${MAX_FIELD_BYTES} bytes (64 KiB)`
      : raw.includes('\uFFFD')
        ? 'is not valid UTF-8: save the file as "CSV UTF-8"'
        : undefined;
    const cell = problem === undefined ? column.parse(raw, place) : { ok: false as const, reason: problem };
    if (cell.ok) row[column.name] = cell.value;
    else {
      problems.add(line, column.name, cell.reason);
      good = false;
    }
  });
  if (!good) return undefined;
  const broken = log.check(row);
  for (const broke of broken) problems.add(line, broke.column, broke.reason);
  return broken.length === 0 ? row : undefined;
}
