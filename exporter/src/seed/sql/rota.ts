import { EPOCH, dayText, draw, homecareCarer, idNumber, isAgency, localTime, residentialDutyStaff, SHIFT_KINDS_SQL, slotsOf, staffId } from './fragments.ts';

/** Each statement takes $1 = the location's plan idx. */

/** Homecare visit bands: start (minutes after local midnight), visit length, share of clients who get it. */
export const VISIT_BANDS_SQL = `(VALUES (0, 420, 45, 1.0::float8), (1, 720, 30, 0.6::float8), (2, 990, 30, 0.8::float8), (3, 1200, 30, 1.0::float8)) AS b(band, start_min, length, share)`;

/** Clients a homecare carer visits in turn within one band (the same in plan.ts). */
export const CLIENTS_PER_RUN = 4;

/** Whether client c (0-based) has visits in band b: fixed per client, from the care plan. */
export function clientHasBand(client: string, band: string): string {
  return `(b.share >= 1 OR ${draw(`'band-' || ${idNumber(`${client} + 1`)} || '-' || ${band}`, 1)} < b.share)`;
}

/** Planned start of client c's visit in a band: carers visit their clients one after another. */
export function visitStartMinute(client: string): string {
  return `(b.start_min + (${client} % ${CLIENTS_PER_RUN}) * (b.length + 5))`;
}

/** The rota of residential-type homes: early, late and night shifts (night crosses midnight). */
export const INSERT_RESIDENTIAL_SHIFTS = `
INSERT INTO ecm.shifts (shift_id, location_id, staff_id, kind, service_user_id, starts_at, ends_at)
SELECT 'shf-' || p.nn || '-' || ${dayText('dn')} || '-' || substr('eln', k.kind + 1, 1) || lpad(j::text, 2, '0'),
  p.location_id, ${staffId(residentialDutyStaff('dn', 'k.kind', 'j'))}, 'shift', NULL,
  ${localTime('dn', 'k.start_min')}, ${localTime('dn', 'k.end_min')}
FROM seed_plan p, generate_series(p.start_dnum, p.end_dnum) AS dn, ${SHIFT_KINDS_SQL},
  generate_series(0, ${slotsOf('k.kind')} - 1) AS j
WHERE p.idx = $1 AND NOT p.homecare`;

/** The rota of homecare: one visit per client and band, by the carer of the client's run. */
export const INSERT_HOMECARE_VISITS = `
INSERT INTO ecm.shifts (shift_id, location_id, staff_id, kind, service_user_id, starts_at, ends_at)
SELECT 'shf-' || p.nn || '-' || ${dayText('dn')} || '-v' || b.band || lpad(c::text, 3, '0'),
  p.location_id, ${staffId(homecareCarer('dn', 'b.band', `c / ${CLIENTS_PER_RUN}`))}, 'visit', 'su-' || ${idNumber('c + 1')},
  ${localTime('dn', visitStartMinute('c'))}, ${localTime('dn', `${visitStartMinute('c')} + b.length`)}
FROM seed_plan p, generate_series(p.start_dnum, p.end_dnum) AS dn, ${VISIT_BANDS_SQL}, generate_series(0, p.residents - 1) AS c
WHERE p.idx = $1 AND p.homecare AND ${clientHasBand('c', 'b.band')}`;

/**
 * Logins: a rostered person who is not agency staff logs in with probability
 * login_rate, sessions_per_shift times spread over the shift; the first within
 * 20 minutes before to 25 minutes after the start. Nothing after now.
 */
export const INSERT_SHIFT_SESSIONS = `
INSERT INTO ecm.sessions (session_id, location_id, staff_id, started_at, ended_at)
SELECT 'ses-' || substr(x.shift_id, 5) || '-' || x.n, x.location_id, x.staff_id, x.started_at,
  CASE WHEN x.ended_at <= x.now_ts THEN x.ended_at END
FROM (
  SELECT s.shift_id, s.location_id, s.staff_id, n, p.now_ts,
    s.starts_at + (n - 1) * (s.ends_at - s.starts_at) / p.sessions_per_shift
      + (${draw("s.shift_id || '/' || n", 3)} * 45 - 20) * interval '1 minute' AS started_at,
    s.starts_at + n * (s.ends_at - s.starts_at) / p.sessions_per_shift
      - ${draw("s.shift_id || '/' || n", 4)} * 20 * interval '1 minute' AS ended_at
  FROM seed_plan p
  JOIN ecm.shifts s ON s.location_id = p.location_id
  CROSS JOIN LATERAL generate_series(1, p.sessions_per_shift) AS n
  WHERE p.idx = $1 AND NOT ${isAgency('right(s.staff_id, 4)::int - 1')} AND ${draw('s.shift_id', 2)} < p.login_rate
) x
WHERE x.started_at <= x.now_ts`;

/** Managers log in on weekdays in office hours, outside any rota. */
export const INSERT_MANAGER_SESSIONS = `
INSERT INTO ecm.sessions (session_id, location_id, staff_id, started_at, ended_at)
SELECT x.session_id, x.location_id, x.staff_id, x.started_at, CASE WHEN x.ended_at <= x.now_ts THEN x.ended_at END
FROM (
  SELECT 'ses-' || p.nn || '-' || ${dayText('dn')} || '-m' || m AS session_id, p.location_id, p.now_ts,
    ${staffId('p.day_pool + p.night_pool + m')} AS staff_id,
    ${localTime('dn', `510 + floor(${draw(`p.nn || '-m-' || dn || '-' || m`, 5)} * 60)`)} AS started_at,
    ${localTime('dn', `990 + floor(${draw(`p.nn || '-m-' || dn || '-' || m`, 6)} * 60)`)} AS ended_at
  FROM seed_plan p, generate_series(p.start_dnum, p.end_dnum) AS dn, generate_series(0, p.managers - 1) AS m
  WHERE p.idx = $1 AND extract(isodow FROM ${EPOCH} + dn) < 6
) x
WHERE x.started_at <= x.now_ts`;
