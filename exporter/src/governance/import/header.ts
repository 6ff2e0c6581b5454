import { LOGS, type LogDefinition } from './logs.ts';

/**
 * Maps the header line to the template's columns. Columns may come in any order
 * (spreadsheets reorder them); names are matched trimmed and case-insensitively.
 * Returns the column index of every template column, or why the header is wrong.
 */
export function matchHeader(log: LogDefinition, header: readonly string[]): { ok: true; indexes: number[] } | { ok: false; reason: string } {
  const names = header.map((name) => name.trim().toLowerCase());
  const expected = log.columns.map((column) => column.name);
  const missing = expected.filter((name) => !names.includes(name));
  const unknown = names.filter((name) => !expected.includes(name));
  const repeated = names.filter((name, index) => names.indexOf(name) !== index);
  if (missing.length === 0 && unknown.length === 0 && repeated.length === 0) {
    return { ok: true, indexes: expected.map((name) => names.indexOf(name)) };
  }
  const parts = [
    missing.length > 0 ? `missing column(s) ${missing.join(', ')}` : '',
    unknown.length > 0 ? `unknown column(s) ${unknown.map((name) => JSON.stringify(name.slice(0, 40))).join(', ')}` : '',
    repeated.length > 0 ? `repeated column(s) ${repeated.join(', ')}` : '',
  ].filter((part) => part !== '');
  const other = Object.values(LOGS).find(
    (candidate) => candidate !== log && candidate.columns.length === names.length && candidate.columns.every((column) => names.includes(column.name)),
  );
  const hint = other ? `; this is the header of the ${other.name} template: import it with \`import ${other.name}\`` : '';
  return { ok: false, reason: `the header does not match the ${log.name} template: ${parts.join('; ')}${hint}. Expected: ${expected.join(',')}` };
}
