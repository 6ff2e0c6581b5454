import { UserError } from '../../errors.ts';

/** The file was rejected: every problem found (the first ones listed), nothing written. */
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

/** The problems of one file: all counted, the first `limit` kept for the message. */
export class ProblemList {
  readonly kept: string[] = [];
  total = 0;

  constructor(private readonly limit = 200) {}

  add(line: number, column: string, reason: string): void {
    this.addLine(line, `column ${column}: ${reason}`);
  }

  addLine(line: number, reason: string): void {
    this.total += 1;
    if (this.kept.length < this.limit) this.kept.push(`line ${line}: ${reason}`);
  }

  reject(label: string): ImportRejected {
    return new ImportRejected(label, this.kept, this.total);
  }
}
