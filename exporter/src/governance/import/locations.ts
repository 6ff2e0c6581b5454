import type { Queryable } from '../../db/types.ts';

/**
 * Location ids become the `location` label of every governance metric, so an
 * imported id must be a real location or, where that cannot be checked, a plain
 * id. `ecm`: the store lives in the ECM database and `ecm.locations` is readable,
 * so the id must be one of its rows. `pattern`: the store is a separate database
 * (or ecm.locations is not readable there), so the id must match SAFE_LOCATION_ID.
 */
export type LocationCheck = { kind: 'ecm'; ids: ReadonlySet<string> } | { kind: 'pattern'; why: string };

/** What a location id must look like when it cannot be checked against ecm.locations. */
export const SAFE_LOCATION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const SAFE_LOCATION_ID_TEXT = '1-64 letters, digits and . _ -, starting with a letter or digit';
// Spreadsheets run a cell starting with one of these as a formula (CSV injection); a
// label value is copied into spreadsheets by whoever exports a dashboard.
const FORMULA_START = /^[=+\-@\t\r]/;

export const READABLE_ECM_LOCATIONS_SQL = `
  SELECT EXISTS (
    SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'ecm' AND c.relname = 'locations'
      AND has_schema_privilege(n.oid, 'USAGE') AND has_table_privilege(c.oid, 'SELECT')
  ) AS readable`;
export const ECM_LOCATION_IDS_SQL = `SELECT location_id::text AS id FROM ecm.locations`;

/**
 * Decides how location ids are checked. `separateStore` is true when the store is
 * known to be another database than the ECM one (GOVERNANCE_DATABASE_URL set and
 * different): an `ecm` schema there would not be the ECM database's.
 */
export async function locationCheckFor(tx: Queryable, separateStore: boolean): Promise<LocationCheck> {
  if (separateStore) return { kind: 'pattern', why: 'the governance store is a separate database' };
  const { rows } = await tx.query<{ readable: boolean }>(READABLE_ECM_LOCATIONS_SQL);
  if (rows[0]?.readable !== true) return { kind: 'pattern', why: 'ecm.locations is not readable in this database' };
  const ids = await tx.query<{ id: string }>(ECM_LOCATION_IDS_SQL);
  return { kind: 'ecm', ids: new Set(ids.rows.map((row) => row.id)) };
}

/** Why a location id (not empty, not the reserved organisation-wide value) is refused, or undefined. */
export function locationProblem(raw: string, check: LocationCheck): string | undefined {
  const shown = JSON.stringify(raw.slice(0, 80));
  if (FORMULA_START.test(raw)) return `${shown} looks like a spreadsheet formula (it starts with ${JSON.stringify(raw[0])}): a location id never does`;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\u0000-\u001f\u007f]/.test(raw)) return `${shown} holds a control character`;
  if (check.kind === 'pattern') {
    return SAFE_LOCATION_ID.test(raw)
      ? undefined
      : `${shown} is not a plain location id (${SAFE_LOCATION_ID_TEXT}); ${check.why}, so only plain ids are accepted`;
  }
  if (check.ids.has(raw)) return undefined;
  const lower = raw.toLowerCase();
  const near = [...check.ids].find((id) => id.toLowerCase() === lower);
  return `${shown} is not a location in ecm.locations${near === undefined ? '' : ` (did you mean ${JSON.stringify(near)}?)`}`;
}
