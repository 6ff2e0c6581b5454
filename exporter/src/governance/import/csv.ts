import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { CsvError, parse, type InfoRecord } from 'csv-parse';

/**
 * Size limits of an imported file, so one runaway cell (a pasted blob, a quote
 * never closed that swallows the rest of the file) fails fast with bounded
 * memory instead of being held whole. The longest legitimate field, `decisions`,
 * is 2000 characters; a record of the widest log is well under 10 KiB.
 */
export const MAX_FIELD_BYTES = 64 * 1024;
export const MAX_RECORD_BYTES = 1024 * 1024;

/** One CSV record and the line it ends on (1-based, as a spreadsheet numbers rows). */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/** The file cannot be read on from `line`: broken quoting or a record over MAX_RECORD_BYTES. */
export class CsvUnreadable extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * Streams the records of a CSV file. The file is read chunk by chunk and the next
 * chunk only once the records of this one were consumed (backpressure), so memory
 * holds one chunk's records and at most one record of MAX_RECORD_BYTES.
 *
 * Records are taken in `on_record`, as they are parsed, rather than from the
 * parser's stream output: a stream that fails drops the records it had parsed but
 * not yet delivered, and the problems of the lines before a break must be reported.
 */
export async function* readRecords(source: Readable): AsyncGenerator<CsvRecord> {
  const parsed: CsvRecord[] = [];
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    trim: true,
    max_record_size: MAX_RECORD_BYTES,
    on_record: (fields: string[], context: InfoRecord) => {
      parsed.push({ fields, line: context.lines });
      return null;
    },
  });
  // Nothing is pushed downstream; flowing lets the parser end. Errors are read from `errored`.
  parser.resume();
  parser.on('error', () => undefined);
  let lastLine = 0;
  try {
    for await (const chunk of source) {
      // Parses the chunk synchronously: its records are in `parsed` when write returns.
      parser.write(chunk);
      for (const record of parsed.splice(0)) {
        lastLine = record.line;
        yield record;
      }
      if (parser.errored) break;
    }
    let ended: unknown;
    if (!parser.errored) {
      parser.end();
      ended = await finished(parser).then(
        () => undefined,
        (error: unknown) => error,
      );
      for (const record of parsed.splice(0)) {
        lastLine = record.line;
        yield record;
      }
    }
    const error = parser.errored ?? ended;
    if (error instanceof CsvError) throw unreadable(error, lastLine);
    if (error instanceof Error) throw error;
    if (error !== undefined && error !== null) throw new Error(`CSV parser failed: ${JSON.stringify(error) ?? typeof error}`);
  } finally {
    parser.destroy();
    source.destroy();
  }
}

function unreadable(error: CsvError, lastLine: number): CsvUnreadable {
  const line = typeof error.lines === 'number' ? error.lines : lastLine + 1;
  if (error.code === 'CSV_MAX_RECORD_SIZE') {
    const start = lastLine + 1 < line ? ` (it starts after line ${lastLine})` : '';
    return new CsvUnreadable(
      line,
      `a record is longer than ${MAX_RECORD_BYTES / 1024 / 1024} MiB${start}; the file is not read further. ` +
        'A quote (") opened and never closed makes the rest of the file one field; a cell may hold at most 64 KiB',
    );
  }
  // csv-parse quotes the field in some messages; a runaway field must not flood the terminal.
  const message = error.message.length > 300 ? `${error.message.slice(0, 300)}...` : error.message;
  return new CsvUnreadable(line, `the file is not valid CSV: ${message}`);
}
