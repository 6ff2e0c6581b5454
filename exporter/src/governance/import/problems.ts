import { UserError } from '../../errors.ts';

/** The file was rejected: every problem found (the first ones listed, in line order), nothing written. */
export class ImportRejected extends UserError {
  constructor(
    readonly label: string,
    readonly problems: readonly string[],
    readonly total: number,
  ) {
    const more = total > problems.length ? `\n  ... and ${total - problems.length} more` : '';
    super(`${label}: ${total} problem${total === 1 ? '' : 's'}, nothing written:\n  ${problems.join('\n  ')}${more}`);
  }
}

interface Entry {
  line: number;
  /** The column's position in the file, -1 for a problem of the whole line. */
  position: number;
  /** Arrival order, so equal places keep the order the checks ran in. */
  sequence: number;
  text: string;
}

const byPlace = (a: Entry, b: Entry): number => a.line - b.line || a.position - b.position || a.sequence - b.sequence;

/**
 * The problems of one file: all counted, the `limit` first by line then column
 * kept for the message. Row checks report as the file streams, reference and
 * cross-row checks at the end, so the kept entries are re-sorted and trimmed
 * as they grow (never more than twice the limit held).
 */
export class ProblemList {
  total = 0;
  private entries: Entry[] = [];
  private positions: ReadonlyMap<string, number> = new Map();

  constructor(private readonly limit = 200) {}

  /** Column names in the order of the file's header, to order the problems of one line left to right. */
  setColumnPositions(positions: ReadonlyMap<string, number>): void {
    this.positions = positions;
  }

  add(line: number, column: string, reason: string): void {
    this.push(line, this.positions.get(column) ?? Number.MAX_SAFE_INTEGER, `line ${line}: column ${column}: ${reason}`);
  }

  addLine(line: number, reason: string): void {
    this.push(line, -1, `line ${line}: ${reason}`);
  }

  /** The kept problems, sorted by line, then column position. */
  sorted(): string[] {
    this.trim();
    return this.entries.map((entry) => entry.text);
  }

  reject(label: string): ImportRejected {
    return new ImportRejected(label, this.sorted(), this.total);
  }

  private push(line: number, position: number, text: string): void {
    this.total += 1;
    this.entries.push({ line, position, sequence: this.total, text });
    if (this.entries.length >= 2 * this.limit) this.trim();
  }

  private trim(): void {
    this.entries.sort(byPlace);
    this.entries.length = Math.min(this.entries.length, this.limit);
  }
}
