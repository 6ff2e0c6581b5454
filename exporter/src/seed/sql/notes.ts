import { dayText, draw, homecareCarer, idNumber, isAgency, localTime, recorderSlot, residentialDutyStaff, slotsOf, staffId, teamOf } from './fragments.ts';
import { CLIENTS_PER_RUN, clientHasBand, VISIT_BANDS_SQL, visitStartMinute } from './rota.ts';

/**
 * Care notes. Bodies are generic templated text (no personal data) made
 * person-specific by the clock time, room and amounts, so ordinary notes do
 * not repeat across residents; story (c)'s team copies a few generic sentences.
 * Night notes (night shift) are late before the training date (story b).
 * Each statement takes $1 = the location's plan idx.
 */

/** Residential notes per resident and day: slot, minute after midnight, section, shift kind, share. */
const RESIDENT_NOTES_SQL = `(VALUES
  (0, 630, 'daily', 0, 1.0), (1, 960, 'daily', 1, 1.0), (2, 1590, 'daily', 2, 1.0), (3, 855, 'handover', 0, 0.1),
  (4, 1335, 'handover', 1, 0.1), (5, 780, 'care_plan', 0, 0.03), (6, 690, 'review', 0, 0.02),
  (7, 1170, 'risk_assessment', 1, 0.02), (8, 1680, 'incident', 2, 0.02)
) AS t(slot, minute, section, kind, share)`;

const pick = (options: readonly string[], uExpr: string) => `(ARRAY[${options.map((o) => `'${o}'`).join(', ')}])[1 + floor(${uExpr} * ${options.length})::int]`;
/** Draws per note: eleven uniforms from four hashes, computed once per row in insertNotes. */
const U_NAMES = [
  ['u_mood', 'u_intake', 'u_ml'],
  ['u_mobility', 'u_sleep', 'u_night_care'],
  ['u_copy', 'u_copied', 'u_template'],
  ['u_late', 'u_delay', 'u_spare'],
] as const;
const U_COLUMNS = U_NAMES.flatMap((names, h) => names.map((name, part) => `(((x.h${h} >> ${part * 20}) & 1048575)::float8 / 1048576.0) AS ${name}`)).join(', ');
const HASHES = U_NAMES.map((_, h) => `hashtextextended(n0.note_id, p.seed64 + ${20 + h}) AS h${h}`).join(', ');

const MOOD = pick(
  [
    'settled and chatting with staff',
    'a little anxious but reassured',
    'calm and comfortable',
    'tired and rested in the chair',
    'cheerful and joined in',
    'quiet but content',
  ],
  'n.u_mood',
);
const INTAKE = `${pick(['ate most of the meal offered', 'ate half of the meal with encouragement', 'declined the meal and accepted a snack later', 'ate all of the meal'], 'n.u_intake')} || ' and drank ' || (150 + floor(n.u_ml * 30) * 10) || ' ml'`;
const MOBILITY = pick(
  ['walked with frame and one carer', 'transferred with hoist and two carers', 'mobilised independently', 'stayed in bed as preferred'],
  'n.u_mobility',
);
const SLEEP = pick(
  ['asleep and breathing comfortably', 'awake and given a warm drink', 'restless then settled after reassurance', 'awake and watching television quietly'],
  'n.u_sleep',
);
const NIGHT_CARE = pick(
  ['pad checked and changed', 'repositioned onto left side', 'repositioned onto right side', 'call bell within reach, no needs'],
  'n.u_night_care',
);

/** Story (c): generic wording copied between residents. */
const COPIED = pick(
  [
    'Resident had a settled day, no concerns raised, ate and drank well, care given as per care plan.',
    'All care needs met as per care plan, no concerns to report at this time, will continue to monitor.',
    'Settled and content throughout, personal care given, no changes noted, continue as per care plan.',
  ],
  'n.u_copied',
);

function residentBody(time: string, room: string): string {
  return `CASE n.section
    WHEN 'daily' THEN CASE WHEN n.kind = 2 THEN 'Night check at ' || ${time} || ' in room ' || ${room} || ': ' || ${SLEEP} || ', ' || ${NIGHT_CARE} || '.'
      ELSE CASE floor(n.u_template * 3)::int
        WHEN 0 THEN 'Supported with personal care at ' || ${time} || ' in room ' || ${room} || ', ' || ${MOOD} || ', ' || ${INTAKE} || '.'
        WHEN 1 THEN 'Checked on at ' || ${time} || ' in room ' || ${room} || ', ' || ${MOOD} || ', ' || ${MOBILITY} || ', ' || ${INTAKE} || '.'
        ELSE 'Spent time in the lounge before ' || ${time} || ', back to room ' || ${room} || ', ' || ${MOOD} || ', ' || ${INTAKE} || '.' END END
    WHEN 'handover' THEN 'Handover at ' || ${time} || ' for room ' || ${room} || ': ' || ${MOOD} || ', ' || ${INTAKE} || ', no change to the care plan.'
    WHEN 'care_plan' THEN 'Care plan reviewed at ' || ${time} || ' for room ' || ${room} || ', ' || ${MOBILITY} || ', moving and handling section updated.'
    WHEN 'review' THEN 'Monthly review at ' || ${time} || ' for room ' || ${room} || ', weight stable, ' || ${INTAKE} || '.'
    WHEN 'risk_assessment' THEN 'Falls risk assessment updated at ' || ${time} || ' for room ' || ${room} || ', sensor mat in place, ' || ${MOBILITY} || '.'
    ELSE 'Found sitting on the floor at ' || ${time} || ' in room ' || ${room} || ', no visible injury, observations taken and family informed.' END`;
}

const VISIT_BODY = `'Visit at ' || to_char(n.occurred_at AT TIME ZONE p.timezone, 'HH24:MI') || ': ' || ${MOOD} || ', ' || ${INTAKE} || ', ' || ${MOBILITY} || ', home left safe and key safe locked.'`;

/** Late (over 2 h: written the next morning) or on time (5 min early to 105 min after). */
function recordedAt(lateShare: string): string {
  return `n.occurred_at + (CASE WHEN n.u_late < ${lateShare}
    THEN 121 + n.u_delay * 420 ELSE -5 + n.u_delay * 110 END) * interval '1 minute'`;
}

/** Copying spreads linearly from copy_start_dnum (none) to today (copy_share). */
const COPIES = `(p.copied_team IS NOT NULL AND ${teamOf('n.author')} = p.copied_team AND n.u_copy <
  p.copy_share * LEAST(1.0, GREATEST(0.0, (n.dn - p.copy_start_dnum)::float8 / GREATEST(1, p.end_dnum - p.copy_start_dnum))))`;

const NIGHT_LATE_SHARE = `(CASE WHEN n.kind <> 2 THEN p.note_late_day WHEN p.training_dnum IS NOT NULL AND n.dn >= p.training_dnum THEN p.note_late_night_after ELSE p.note_late_night END)`;

function insertNotes(fromItems: string, body: string): string {
  return `
WITH n0 AS (${fromItems} OFFSET 0),
n AS (SELECT x.*, ${U_COLUMNS} FROM (SELECT n0.*, ${HASHES} FROM seed_plan p, n0 WHERE p.idx = $1 OFFSET 0) x OFFSET 0)
INSERT INTO ecm.care_notes (note_id, location_id, service_user_id, staff_id, section, occurred_at, recorded_at, body)
SELECT x.note_id, x.location_id, x.service_user_id, x.staff_id, x.section, x.occurred_at, x.recorded_at, x.body
FROM (
  SELECT n.note_id, p.location_id, n.service_user_id, ${staffId('n.author')} AS staff_id, n.section, n.occurred_at, p.now_ts,
    ${recordedAt(NIGHT_LATE_SHARE)} AS recorded_at,
    CASE WHEN ${COPIES} THEN ${COPIED} ELSE ${body} END AS body
  FROM seed_plan p, n WHERE p.idx = $1
) x
WHERE x.recorded_at <= x.now_ts`;
}

const RESIDENT_ITEMS = `
  SELECT q.dn, q.section, q.kind, q.service_user_id, q.note_id, q.occurred_at,
    ${residentialDutyStaff('q.dn', 'q.kind', recorderSlot('q.u_author', slotsOf('q.kind'), 'q.dn', 'q.kind'))} AS author
  FROM seed_plan p, (
    SELECT dn, t.section, t.kind, ${draw(`p.nn || '-' || dn || '-' || c || '-' || t.slot`, 24)} AS u_author, 'su-' || ${idNumber('c + 1')} AS service_user_id,
      'not-' || p.nn || '-' || ${dayText('dn')} || '-' || lpad(c::text, 4, '0') || '-' || t.slot AS note_id,
      ${localTime('dn', `t.minute - 20 + floor(${draw(`p.nn || '-' || dn || '-' || c || '-' || t.slot`, 25)} * 40)`)} AS occurred_at
    FROM seed_plan p, generate_series(p.start_dnum, p.end_dnum) AS dn, ${RESIDENT_NOTES_SQL}, generate_series(0, p.residents - 1) AS c
    WHERE p.idx = $1 AND NOT p.homecare
      AND (t.share >= 1 OR ${draw(`p.nn || '-' || dn || '-' || c || '-' || t.slot || '-n'`, 26)} < t.share)
    OFFSET 0
  ) q WHERE p.idx = $1`;

const VISIT_ITEMS = `
  SELECT dn, 'daily'::text AS section, 0 AS kind, 'su-' || ${idNumber('c + 1')} AS service_user_id,
    'not-' || p.nn || '-' || ${dayText('dn')} || '-' || lpad(c::text, 4, '0') || '-v' || b.band AS note_id,
    ${localTime('dn', `${visitStartMinute('c')} + 15 + floor(${draw(`p.nn || '-' || dn || '-' || c || '-v' || b.band`, 25)} * 20)`)} AS occurred_at,
    ${homecareCarer('dn', 'b.band', `c / ${CLIENTS_PER_RUN}`)} AS author
  FROM seed_plan p, generate_series(p.start_dnum, p.end_dnum) AS dn, ${VISIT_BANDS_SQL}, generate_series(0, p.residents - 1) AS c
  WHERE p.idx = $1 AND p.homecare AND ${clientHasBand('c', 'b.band')}
    AND NOT ${isAgency(homecareCarer('dn', 'b.band', `c / ${CLIENTS_PER_RUN}`))}`;

const ROOM = '(right(n.service_user_id, 4)::int)';
const TIME = "to_char(n.occurred_at AT TIME ZONE p.timezone, 'HH24:MI')";

export const INSERT_RESIDENT_NOTES = insertNotes(RESIDENT_ITEMS, residentBody(TIME, ROOM));
export const INSERT_VISIT_NOTES = insertNotes(VISIT_ITEMS, VISIT_BODY);
