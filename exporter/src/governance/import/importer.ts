import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Db, Queryable } from '../../db/types.ts';
import { UserError } from '../../errors.ts';
import { requireGovernanceStore } from '../store.ts';
import { CsvUnreadable, readRecords } from './csv.ts';
import { matchHeader } from './header.ts';
import { locationCheckFor, type LocationCheck } from './locations.ts';
import { LOGS, type LogDefinition, type LogName, type ParsedRow } from './logs.ts';
import { ImportRejected, ProblemList } from './problems.ts';
import { checkReferences, type PendingReference } from './references.ts';
import { parseRow } from './rows.ts';
import { upsertBatch, upsertSql, type UpsertCounts } from './upsert.ts';

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
  /**
   * The store is known to be a database of its own (GOVERNANCE_DATABASE_URL set and
   * not DATABASE_URL): location ids are held to the safe pattern, not ecm.locations.
   */
  separateStore?: boolean;
}

export interface ImportSummary extends UpsertCounts {
  log: LogName;
  rows: number;
  dryRun: boolean;
  /** How location ids were checked: against ecm.locations (how many known) or the safe pattern (why). */
  locations: { kind: 'ecm'; known: number } | { kind: 'pattern'; why: string };
}

/** Unwinds the transaction of a dry run, carrying what the import would have done. */
class DryRunRollback extends Error {
  constructor(readonly summary: ImportSummary) {
    super('dry run');
  }
}

/**
 * Imports one governance log from CSV, streamed: rows are validated as they are
 * read and the valid ones written in batches inside ONE transaction; then the
 * references and the cross-row rules are checked on the valid rows. Every problem
 * of the file is reported at once, in line order, and the transaction is rolled
 * back when there is any (or on --dry-run): a rejected file leaves the store untouched.
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

/** What reading the file found; the valid rows are already written in the transaction. */
interface FileRead {
  rows: number;
  counts: UpsertCounts;
  problems: ProblemList;
  /** Line of each id (the first, when repeated), to name the line of a later problem. */
  firstLineOfId: Map<string, number>;
  /** Ids of rows with a problem: references to them are not compared across rows. */
  rejectedIds: Set<string>;
  /** References made by valid rows, checked once the whole file is read. */
  pending: PendingReference[];
  /** False when the CSV broke off: what follows the break was never read. */
  complete: boolean;
}

async function importInTransaction(tx: Queryable, log: LogDefinition, options: ImportOptions): Promise<ImportSummary> {
  const locations = await locationCheckFor(tx, options.separateStore ?? false);
  const file = await writeValidRows(tx, log, options, locations);
  // After a CSV break the rest of the file is unknown: a reference to a row past it
  // would be reported as pointing nowhere, so only the rows' own problems are listed.
  if (file.complete) {
    await checkReferences(tx, log, file.pending, file.firstLineOfId, file.problems);
    await checkAcrossRows(tx, log, file);
  }
  if (file.problems.total > 0) throw file.problems.reject(options.label);
  const summary: ImportSummary = {
    log: log.name,
    rows: file.rows,
    ...file.counts,
    dryRun: options.dryRun,
    locations: locations.kind === 'ecm' ? { kind: 'ecm', known: locations.ids.size } : locations,
  };
  if (options.dryRun) throw new DryRunRollback(summary);
  return summary;
}

// Longer ids are rejected by the id column; not indexing them keeps memory bounded.
const MAX_TRACKED_ID = 64;

async function writeValidRows(tx: Queryable, log: LogDefinition, options: ImportOptions, locations: LocationCheck): Promise<FileRead> {
  const batchSize = options.batchSize ?? 2000;
  const progressEvery = options.progressEvery ?? 50_000;
  const sql = upsertSql(log);
  const file: FileRead = {
    rows: 0,
    counts: { inserted: 0, updated: 0, unchanged: 0 },
    problems: new ProblemList(),
    firstLineOfId: new Map(),
    rejectedIds: new Set(),
    pending: [],
    complete: true,
  };
  const idPosition = log.columns.findIndex((column) => column.name === log.idColumn);
  let header: { indexes: number[]; width: number } | undefined;
  let batch: ParsedRow[] = [];
  const flush = async (): Promise<void> => {
    // Valid rows are written even after a problem: the cross-row rules read them from the
    // tables, and the transaction is rolled back at the end anyway.
    const done = await upsertBatch(tx, log, sql, batch);
    file.counts.inserted += done.inserted;
    file.counts.updated += done.updated;
    file.counts.unchanged += done.unchanged;
    batch = [];
  };
  try {
    for await (const { fields, line } of readRecords(options.source)) {
      if (header === undefined) {
        const matched = matchHeader(log, fields);
        if (!matched.ok) throw new ImportRejected(options.label, [`line ${line}: ${matched.reason}`], 1);
        header = { indexes: matched.indexes, width: fields.length };
        file.problems.setColumnPositions(new Map(log.columns.map((column, position) => [column.name, matched.indexes[position] ?? position])));
        continue;
      }
      file.rows += 1;
      // Duplicates are found on the raw id, so a bad row still reports them.
      const id = fields[header.indexes[idPosition] ?? 0] ?? '';
      const tracked = id !== '' && id.length <= MAX_TRACKED_ID;
      const first = tracked ? file.firstLineOfId.get(id) : undefined;
      if (first !== undefined) file.problems.add(line, log.idColumn, `"${id}" is already on line ${first}: ids must be unique in a file`);
      else if (tracked) file.firstLineOfId.set(id, line);
      const row = parseRow(log, fields, { ...header, line, now: options.now, locations }, file.problems);
      if (row === undefined) {
        if (tracked && first === undefined) file.rejectedIds.add(id);
      } else if (first === undefined) {
        for (const reference of log.references) {
          const target = row[reference.column];
          if (typeof target === 'string') file.pending.push({ line, id, column: reference.column, target });
        }
        batch.push(row);
        if (batch.length >= batchSize) await flush();
      }
      if (file.rows % progressEvery === 0) options.onProgress?.(file.rows);
    }
  } catch (error) {
    if (!(error instanceof CsvUnreadable)) throw error;
    file.problems.addLine(error.line, error.reason);
    file.complete = false;
  }
  if (header === undefined && file.complete) {
    const expected = log.columns.map((column) => column.name).join(',');
    throw new ImportRejected(options.label, [`the file is empty: expected the header line ${expected} and at least one row`], 1);
  }
  if (file.rows === 0 && file.complete) throw new ImportRejected(options.label, ['the file has a header but no rows'], 1);
  await flush();
  options.onProgress?.(file.rows);
  return file;
}

/**
 * The log's rules across rows (a follow-up audit re-checks an earlier audit of the
 * same location), run on the valid rows written so far. A row whose target is a
 * rejected row of this file is skipped: the target's own problem is reported, and
 * the store's older version of it is not what the file says.
 */
async function checkAcrossRows(tx: Queryable, log: LogDefinition, file: FileRead): Promise<void> {
  if (log.crossRowSql === undefined) return;
  const ids = file.pending.filter((reference) => !file.rejectedIds.has(reference.target)).map((reference) => reference.id);
  for (let start = 0; start < ids.length; start += CROSS_ROW_CHUNK) {
    const result = await tx.query<{ id: string; column: string; reason: string }>(log.crossRowSql, [ids.slice(start, start + CROSS_ROW_CHUNK)]);
    for (const bad of result.rows) file.problems.add(file.firstLineOfId.get(bad.id) ?? 0, bad.column, bad.reason);
  }
}

const CROSS_ROW_CHUNK = 5000;

export { ImportRejected } from './problems.ts';
