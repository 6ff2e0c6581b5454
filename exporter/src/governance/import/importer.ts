import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { CsvError, parse, type InfoRecord } from 'csv-parse';
import type { Db, Queryable } from '../../db/types.ts';
import { UserError } from '../../errors.ts';
import { requireGovernanceStore } from '../store.ts';
import type { CellValue } from './columns.ts';
import { matchHeader } from './header.ts';
import { LOGS, type LogDefinition, type LogName, type ParsedRow } from './logs.ts';
import { upsertBatch, upsertSql, type UpsertCounts } from './upsert.ts';
import { ImportRejected, ProblemList } from './problems.ts';
import { checkReferences, type PendingReference } from './references.ts';

export interface ImportOptions {
  log: LogName;
  /** The CSV bytes (a file stream in the CLI). */
  source: Readable;
  /** How the file is named in messages. */
  label: string;
  dryRun: boolean;
  /** The clock: recorded events may not lie in the future. */
  now: Date;
  onProgress?: (rowsRead: number) => void;
  batchSize?: number;
  progressEvery?: number;
}

export interface ImportSummary extends UpsertCounts {
  log: LogName;
  rows: number;
  dryRun: boolean;
}

/** Unwinds the transaction of a dry run, carrying what the import would have done. */
class DryRunRollback extends Error {
  constructor(readonly summary: ImportSummary) {
    super('dry run');
  }
}

/**
 * Imports one governance log from CSV, streamed: rows are validated as they are
 * read and written in batches inside ONE transaction, which is rolled back when
 * any row is bad (or on --dry-run), so a rejected file leaves the store untouched.
 */
export async function importLog(db: Db, options: ImportOptions): Promise<ImportSummary> {
  await requireGovernanceStore(db);
  try {
    return await db.transaction((tx) => importInTransaction(tx, LOGS[options.log], options));
  } catch (error) {
    if (error instanceof DryRunRollback) return error.summary;
    throw error;
  }
}

/** importLog from a file path, with one clear line when the file cannot be read. */
export async function importFile(db: Db, file: string, options: Omit<ImportOptions, 'source' | 'label'>): Promise<ImportSummary> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new UserError(`${file} is not a file`);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return importLog(db, { ...options, source: createReadStream(file), label: file });
}

async function importInTransaction(tx: Queryable, log: LogDefinition, options: ImportOptions): Promise<ImportSummary> {
  const batchSize = options.batchSize ?? 2000;
  const progressEvery = options.progressEvery ?? 50_000;
  const sql = upsertSql(log);
  const problems = new ProblemList();
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  const firstLineOfId = new Map<string, number>();
  const pending: PendingReference[] = [];
  const idPosition = log.columns.findIndex((column) => column.name === log.idColumn);
  let indexes: number[] | undefined;
  let width = 0;
  let rows = 0;
  let batch: ParsedRow[] = [];

  const flush = async (): Promise<void> => {
    // Once a problem is found nothing more is written: the transaction will be rolled back.
    if (problems.total === 0) {
      const done = await upsertBatch(tx, log, sql, batch);
      counts.inserted += done.inserted;
      counts.updated += done.updated;
      counts.unchanged += done.unchanged;
    }
    batch = [];
  };

  const parser = options.source.pipe(
    parse({
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      trim: true,
      // Carries the line number as an extra last field: cheaper than `info: true`, which copies
      // the whole info object per record (the untyped Options only allow string[] records).
      on_record: (fields: string[], context: InfoRecord) => [...fields, String(context.lines)],
    }),
  );
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const line = Number(record.pop());
      if (indexes === undefined) {
        const header = matchHeader(log, record);
        if (!header.ok) throw new ImportRejected(options.label, [`line ${line}: ${header.reason}`], 1);
        indexes = header.indexes;
        width = record.length;
        continue;
      }
      rows += 1;
      // Duplicates are found on the raw id, so a bad row still reports them.
      const id = record[indexes[idPosition] ?? 0] ?? '';
      const first = firstLineOfId.get(id);
      if (id !== '' && first !== undefined) problems.add(line, log.idColumn, `"${id.slice(0, 80)}" is already on line ${first}: ids must be unique in a file`);
      else if (id !== '') firstLineOfId.set(id, line);
      const row = parseRow(log, record, { indexes, width, line, now: options.now }, problems);
      if (row !== undefined) {
        for (const reference of log.references) {
          const target = row[reference.column];
          if (typeof target === 'string') pending.push({ line, id, column: reference.column, target });
        }
        batch.push(row);
        if (batch.length >= batchSize) await flush();
      }
      if (rows % progressEvery === 0) options.onProgress?.(rows);
    }
  } catch (error) {
    if (error instanceof CsvError) {
      problems.addLine(typeof error.lines === 'number' ? error.lines : 0, `the file is not valid CSV: ${error.message}`);
      throw problems.reject(options.label);
    }
    throw error;
  }
  if (indexes === undefined) {
    const expected = log.columns.map((column) => column.name).join(',');
    throw new ImportRejected(options.label, [`the file is empty: expected the header line ${expected} and at least one row`], 1);
  }
  if (rows === 0) throw new ImportRejected(options.label, ['the file has a header but no rows'], 1);
  await flush();
  options.onProgress?.(rows);
  await checkReferences(tx, log, pending, firstLineOfId, problems);
  if (problems.total === 0 && log.crossRowSql !== undefined && pending.length > 0) {
    const result = await tx.query<{ id: string; column: string; reason: string }>(log.crossRowSql, [pending.map((reference) => reference.id)]);
    for (const bad of result.rows) problems.add(firstLineOfId.get(bad.id) ?? 0, bad.column, bad.reason);
  }
  if (problems.total > 0) throw problems.reject(options.label);
  const summary: ImportSummary = { log: log.name, rows, ...counts, dryRun: options.dryRun };
  if (options.dryRun) throw new DryRunRollback(summary);
  return summary;
}

/** Parses one record into typed values, or records its problems and returns undefined. */
function parseRow(
  log: LogDefinition,
  record: readonly string[],
  { indexes, width, line, now }: { indexes: readonly number[]; width: number; line: number; now: Date },
  problems: ProblemList,
): ParsedRow | undefined {
  if (record.length !== width) {
    problems.addLine(line, `has ${record.length} fields, the header has ${width}`);
    return undefined;
  }
  const row: Record<string, CellValue> = {};
  let good = true;
  log.columns.forEach((column, position) => {
    const raw = record[indexes[position] ?? -1] ?? '';
    if (raw.includes('\uFFFD')) {
      problems.add(line, column.name, 'is not valid UTF-8: save the file as "CSV UTF-8"');
      good = false;
      return;
    }
    const cell = column.parse(raw, { now });
    if (cell.ok) row[column.name] = cell.value;
    else {
      problems.add(line, column.name, cell.reason);
      good = false;
    }
  });
  if (!good) return undefined;
  const broken = log.check(row);
  for (const problem of broken) problems.add(line, problem.column, problem.reason);
  return broken.length === 0 ? row : undefined;
}

export { ImportRejected } from './problems.ts';
