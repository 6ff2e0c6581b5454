import { parseDateTime } from './dates.ts';
import { locationProblem, type LocationCheck } from './locations.ts';

/** A parsed CSV value, as written to the store. */
export type CellValue = string | number | boolean | Date | string[] | null;
export type Cell = { ok: true; value: CellValue } | { ok: false; reason: string };
export type SqlType = 'text' | 'timestamptz' | 'boolean' | 'smallint' | 'text[]';

export interface ParseContext {
  now: Date;
  /** How location ids are checked (against ecm.locations, or a safe pattern). */
  locations: LocationCheck;
}

/** One CSV column: its header name, store type, documentation and parser. */
export interface Column {
  name: string;
  sqlType: SqlType;
  required: boolean;
  doc: string;
  parse(raw: string, context: ParseContext): Cell;
}

const ok = (value: CellValue): Cell => ({ ok: true, value });
const bad = (reason: string): Cell => ({ ok: false, reason });
const ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/;
// Recorded events (audited, submitted, raised...) cannot be in the future; one day of
// slack covers clock skew. A month/day swap (US-style export) is usually caught here.
const FUTURE_SLACK_MS = 24 * 3_600_000;
/** The label value the metrics use for organisation-wide rows; a location cannot take it. */
export const ORGANISATION = 'organisation';

function column(name: string, sqlType: SqlType, required: boolean, doc: string, parse: (raw: string, context: ParseContext) => Cell): Column {
  return {
    name,
    sqlType,
    required,
    doc,
    parse: (raw, context) => {
      if (raw === '') return required ? bad('is required') : ok(null);
      return parse(raw, context);
    },
  };
}

export function idColumn(name: string, required = true): Column {
  return column(name, 'text', required, 'reference, 1-64 letters, digits and . _ - : /', (raw) =>
    ID.test(raw) ? ok(raw) : bad(`"${raw.slice(0, 80)}" is not a valid reference (1-64 letters, digits and . _ - : /, starting with a letter or digit)`),
  );
}

export function locationColumn(required: boolean): Column {
  const doc = required ? 'ECM location id (see "Location ids")' : 'ECM location id (see "Location ids"), empty for organisation-wide';
  return column('location_id', 'text', required, doc, (raw, context) => {
    if (raw.toLowerCase() === ORGANISATION)
      return bad(required ? `"${raw}" is reserved; give the location id` : `"${raw}" is reserved; leave location_id empty for organisation-wide`);
    const problem = locationProblem(raw, context.locations);
    return problem === undefined ? ok(raw) : bad(problem);
  });
}

export function enumColumn(name: string, values: readonly string[], required = true): Column {
  return column(name, 'text', required, `one of ${values.join(' | ')}`, (raw) => {
    const value = raw.toLowerCase().replace(/[\s-]+/g, '_');
    return values.includes(value) ? ok(value) : bad(`"${raw.slice(0, 80)}" is not one of ${values.join(', ')}`);
  });
}

const PASS = new Set(['pass', 'passed', 'yes', 'y', 'true', '1']);
const FAIL = new Set(['fail', 'failed', 'no', 'n', 'false', '0']);

export function passFailColumn(name: string): Column {
  return column(name, 'boolean', true, 'pass | fail (also yes/no, true/false, 1/0)', (raw) => {
    const value = raw.toLowerCase();
    if (PASS.has(value)) return ok(true);
    if (FAIL.has(value)) return ok(false);
    return bad(`"${raw.slice(0, 80)}" is not pass or fail`);
  });
}

export function scoreColumn(name: string, min: number, max: number): Column {
  return column(name, 'smallint', true, `whole number ${min} to ${max}`, (raw) => {
    const value = Number(raw);
    return /^\d+$/.test(raw) && value >= min && value <= max ? ok(value) : bad(`"${raw.slice(0, 80)}" is not a whole number from ${min} to ${max}`);
  });
}

export function dateColumn(name: string, options: { required: boolean; past: boolean }): Column {
  const doc = `date, DD/MM/YYYY [HH:MM] (UK time) or ISO 8601${options.past ? ', not in the future' : ''}`;
  return column(name, 'timestamptz', options.required, doc, (raw, context) => {
    const parsed = parseDateTime(raw);
    if (!parsed.ok) return bad(parsed.reason);
    if (options.past && parsed.value.getTime() > context.now.getTime() + FUTURE_SLACK_MS) {
      return bad(`"${raw}" is in the future (dates are read day first, DD/MM/YYYY)`);
    }
    return ok(parsed.value);
  });
}

/** Themes: `;`-separated tags, normalised to lower_snake_case so actions can link to them. */
export function themesColumn(name: string): Column {
  return column(name, 'text[]', false, 'tags separated by ; (stored lower_snake_case)', (raw) => {
    const themes = raw
      .split(';')
      .map(normaliseTheme)
      .filter((theme) => theme !== '');
    const wrong = themes.find((theme) => theme.length > 60);
    return wrong ? bad(`theme "${wrong.slice(0, 80)}" is longer than 60 characters`) : ok([...new Set(themes)]);
  });
}

export function themeColumn(name: string): Column {
  return column(name, 'text', false, 'one feedback theme or barrier type (stored lower_snake_case)', (raw) => {
    const theme = normaliseTheme(raw);
    if (theme === '' || theme.length > 60 || raw.includes(';')) return bad(`"${raw.slice(0, 80)}" is not one theme of at most 60 characters`);
    return ok(theme);
  });
}

export function normaliseTheme(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

export function textColumn(name: string, maxLength: number): Column {
  return column(name, 'text', false, `free text, at most ${maxLength} characters (kept in the store, never exported)`, (raw) =>
    raw.length <= maxLength ? ok(raw) : bad(`is ${raw.length} characters long, at most ${maxLength} allowed`),
  );
}
