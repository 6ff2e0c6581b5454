/**
 * SQL fragments shared by the generator's statements. Every statement reads the
 * temporary table `seed_plan` (alias `p`, one row per location, see plan.ts).
 *
 * Randomness is a hash of the row's own id and the seed (hashtextextended, a
 * built-in C function that gives the same bits on PGlite and PostgreSQL), never
 * random(): the same seed and now give the same rows, on either database.
 */

/** Day numbers count from this date, so a date's rota does not depend on the range. */
export const EPOCH = "date '2000-01-01'";

/**
 * A uniform draw in [0, 1) from 20 bits of the hash of `idExpr` under stream
 * `stream` (0..63). Different streams of one id are independent.
 */
export function draw(idExpr: string, stream: number): string {
  return `((hashtextextended(${idExpr}, p.seed64 + ${stream}) & 1048575)::float8 / 1048576.0)`;
}

/** A local clock time on day `dnExpr` (minutes may exceed 1440 for the small hours) as timestamptz. */
export function localTime(dnExpr: string, minutesExpr: string): string {
  return `((${EPOCH} + ${dnExpr}) + (${minutesExpr}) * interval '1 minute') AT TIME ZONE p.timezone`;
}

/** YYYYMMDD of day `dnExpr`, for readable ids. */
export function dayText(dnExpr: string): string {
  return `to_char(${EPOCH} + ${dnExpr}, 'YYYYMMDD')`;
}

/** `NN`-`NNNN` zero-padded number for ids (`stf-01-0007`). */
export function idNumber(numberExpr: string): string {
  return `p.nn || '-' || lpad((${numberExpr})::text, 4, '0')`;
}

/**
 * Residential-type duty: kind 0 early 07:00-15:00, 1 late 14:30-22:30, 2 night
 * 22:00-07:30 (next day). Homecare: kind is the visit band (see rota.ts).
 * Staff numbering per location: day pool 0..day_pool-1, night pool after it,
 * managers last.
 */
export const SHIFT_KINDS_SQL = `(VALUES (0, 420, 900), (1, 870, 1350), (2, 1320, 1890)) AS k(kind, start_min, end_min)`;

/**
 * Staff on duty in slot j of shift kind k on day dn (residential-type
 * locations): the pool rotates day by day, from a seed-dependent offset.
 */
export function residentialDutyStaff(dn: string, kind: string, slot: string): string {
  return `(CASE ${kind}
    WHEN 0 THEN ((${dn} + p.rota_offset) * (p.n_early + p.n_late) + ${slot}) % p.day_pool
    WHEN 1 THEN ((${dn} + p.rota_offset) * (p.n_early + p.n_late) + p.n_early + ${slot}) % p.day_pool
    ELSE p.day_pool + ((${dn} + p.rota_offset) * p.n_night + ${slot}) % p.night_pool END)`;
}

/** Homecare: the carer doing run j of band b on day dn. */
export function homecareCarer(dn: string, band: string, run: string): string {
  return `(((${dn} + p.rota_offset) * 5 + ${run} + ${band} * 2) % p.day_pool)`;
}

/** Staff shown in SQL as `stf-NN-NNNN` from their 0-based number. */
export function staffId(numberExpr: string): string {
  return `'stf-' || ${idNumber(`(${numberExpr}) + 1`)}`;
}

/** Agency staff (story f) are rostered but never use the ECM. */
export function isAgency(numberExpr: string): string {
  return `(p.agency_every > 0 AND (${numberExpr}) % p.agency_every = p.agency_every - 1)`;
}

/**
 * The colleague on shift who records an item: slot floor(u * n), moved to a
 * neighbouring slot when that one is agency staff (neighbours are consecutive
 * staff numbers, so never both agency).
 */
export function recorderSlot(u: string, slots: string, dn: string, kind: string): string {
  const slot = `LEAST(floor(${u} * ${slots})::int, ${slots} - 1)`;
  const staff = residentialDutyStaff(dn, kind, slot);
  return `(CASE WHEN ${isAgency(staff)} THEN (CASE WHEN ${slot} < ${slots} - 1 THEN ${slot} + 1 ELSE ${slot} - 1 END) ELSE ${slot} END)`;
}

/** Number of staff on a residential shift kind. */
export function slotsOf(kind: string): string {
  return `(CASE ${kind} WHEN 0 THEN p.n_early WHEN 1 THEN p.n_late ELSE p.n_night END)`;
}

/** The team of a staff member, from their number (matches ecm.staff.team). */
export function teamOf(numberExpr: string): string {
  return `(CASE WHEN (${numberExpr}) >= p.day_pool THEN p.team_night WHEN (${numberExpr}) % 2 = 0 THEN p.team_one ELSE p.team_two END)`;
}
