/**
 * The care notes pass: one grouped read of ecm.care_notes for note_timeliness,
 * note_duplication and the note rows skipped as invalid.
 *
 * Store `notes`, per bucket of occurred_at (notes have no maturity): notes with a
 * recorded time (judged), recorded within the late threshold, and notes without a
 * recorded time (rows_skipped) — as NOTE_TIMELINESS_SQL.
 * Store `fingerprints` (28-day span only): per note of 8 words or more, its service
 * user and the md5 of its normalised wording, so duplication over any window in
 * the span is counted here exactly as NOTE_DUPLICATION_SQL counts it.
 * Weeks ($9..$11): duplication of whole weeks judged in SQL, for the weekly history
 * older than the span (computed once, then kept).

 * Reads notes_location_occurred_cover_idx; change discovery reads notes_location_recorded_idx.
 */
import { NO_DETAIL, ORIGIN, RANGES_CTE, type PassSpec } from '../pass-spec.ts';

/**
 * The reference's normalising (NOTE_DUPLICATION_SQL: lower case, the whitespace
 * characters \t \n \r \f \v turned to spaces, the punctuation class removed, split
 * on spaces, empty words dropped, the words joined by one space and hashed with
 * md5), written to do the same in a third of the time, which matters when the first
 * refresh normalises every note since go-live:
 * - translate() is the costliest step (it compares every character with the whole
 *   list), and tabs or line breaks are rare: it runs only on bodies that have one;
 * - the words joined by single spaces are the text with runs of spaces collapsed and
 *   the ends trimmed (only done when there is such a run or end, found by one search
 *   for two spaces in the text between two spaces): no arrays are built.
 * The md5 is then the reference's own, character for character.
 */
export const SQUEEZED_BODY_SQL = `regexp_replace(
    CASE WHEN strpos(body, E'\\t') > 0 OR strpos(body, E'\\n') > 0 OR strpos(body, E'\\r') > 0 OR strpos(body, E'\\f') > 0 OR strpos(body, E'\\x0B') > 0
      THEN translate(lower(body), E'\\t\\n\\r\\f\\x0B', '     ') ELSE lower(body) END,
    '[!-/:-@[-\`{-~‘’“”–—…]+', '', 'g')`;
/** `squeezed` (the above) with its words joined by single spaces. */
export const JOINED_WORDS_SQL = `CASE WHEN strpos(' ' || squeezed || ' ', '  ') > 0
    THEN btrim(regexp_replace(squeezed, ' {2,}', ' ', 'g'), ' ') ELSE squeezed END`;

/** The notes of the ranges `r` (a fence: one index range scan per range, see indicators/sql.ts). */
const notesOf = (columns: string, condition = 'TRUE'): string => `CROSS JOIN LATERAL (
    SELECT ${columns} FROM ecm.care_notes n
    WHERE n.location_id = r.location_id AND n.occurred_at >= r.starts AND n.occurred_at < r.ends AND ${condition}
    OFFSET 0
  ) n`;

/**
 * A note's wording when it has 8 words or more, over `joined`; else NULL. Its words are
 * joined by single spaces, none empty, so it has an 8th word exactly when its 8th
 * space-separated field is not empty (found without counting every character).
 */
const WORDING_SQL = `CASE WHEN split_part(joined, ' ', 8) <> '' THEN joined END`;

/**
 * Three independent branches, each reading the notes it needs (the index range scans
 * cost little beside normalising): the counts per bucket need no wording at all; only
 * the notes of the 28-day span (fingerprints) and of the weeks judged here are
 * normalised, each step once per note.
 */
export const CARE_NOTES_READ_SQL = `WITH ${RANGES_CTE},
weeks AS (
  SELECT w.idx::int AS idx, w.location_id, w.starts, w.ends
  FROM unnest($9::text[], $10::timestamptz[], $11::timestamptz[]) WITH ORDINALITY AS w(location_id, starts, ends, idx)
),
-- The week a range's notes count towards, found per range: a full computation reads
-- week by week, so a range lies inside one week or touches none; only a range across
-- a week's boundary (a run of buckets brought up to date) looks per note. Weeks of one
-- location are distinct calendar weeks, so a note is in one week at most.
range_weeks AS MATERIALIZED (
  SELECT ranges.*,
    CASE WHEN ranges.week_source THEN (
      SELECT weeks.idx FROM weeks WHERE weeks.location_id = ranges.location_id AND weeks.starts <= ranges.starts AND ranges.ends <= weeks.ends LIMIT 1
    ) END AS whole_week,
    ranges.week_source AND EXISTS (
      SELECT 1 FROM weeks WHERE weeks.location_id = ranges.location_id AND weeks.starts < ranges.ends AND ranges.starts < weeks.ends
    ) AS touches_week
  FROM ranges
),
counted AS (
  SELECT r.idx, date_bin(r.stride, n.occurred_at, ${ORIGIN}) AS bucket, n.occurred_at, n.recorded_at
  FROM ranges r
  ${notesOf('n.occurred_at, n.recorded_at')}
),
span_notes AS (
  SELECT r.idx, r.stride, n.occurred_at, n.service_user_id, ${SQUEEZED_BODY_SQL} AS squeezed
  FROM range_weeks r
  ${notesOf('n.occurred_at, n.service_user_id, n.body', 'n.body IS NOT NULL')}
  WHERE r.detail
  OFFSET 0
),
span_words AS (
  SELECT idx, stride, occurred_at, service_user_id, ${JOINED_WORDS_SQL} AS joined
  FROM span_notes
  OFFSET 0
),
week_notes AS (
  SELECT CASE WHEN r.whole_week IS NOT NULL THEN r.whole_week ELSE (
      SELECT weeks.idx FROM weeks WHERE weeks.location_id = r.location_id AND n.occurred_at >= weeks.starts AND n.occurred_at < weeks.ends LIMIT 1
    ) END AS week,
    n.service_user_id, ${SQUEEZED_BODY_SQL} AS squeezed
  FROM range_weeks r
  ${notesOf('n.occurred_at, n.service_user_id, n.body', 'n.body IS NOT NULL')}
  WHERE r.touches_week
  OFFSET 0
),
week_words AS (
  SELECT week, service_user_id, ${JOINED_WORDS_SQL} AS joined
  FROM week_notes
  WHERE week IS NOT NULL
  OFFSET 0
),
-- Per week and wording: its notes, and whether they are about 2 service users or
-- more: count(DISTINCT) >= 2 is min <> max, one hashed grouping instead of a sort of
-- every note (compared byte for byte, as equality of ids is: no locale to consult);
-- wordings are grouped by their md5 (its 16 bytes: no text to parse), as the reference query groups them.
per_body AS (
  SELECT week, count(*) AS notes, min(service_user_id COLLATE "C") <> max(service_user_id COLLATE "C") AS shared
  FROM week_words
  WHERE ${WORDING_SQL} IS NOT NULL
  GROUP BY week, decode(md5(joined), 'hex')
),
per_week AS (
  SELECT week, sum(notes) FILTER (WHERE shared) AS shared, sum(notes) AS notes
  FROM per_body
  GROUP BY week
)
SELECT idx AS range, 'notes' AS kind, extract(epoch FROM bucket)::bigint AS bucket, NULL::bigint AS matures,
  count(recorded_at)::int AS n1,
  count(*) FILTER (WHERE recorded_at - occurred_at <= ($6::jsonb ->> 'noteLateMinutes')::float8 * interval '1 minute')::int AS n2,
  count(*) FILTER (WHERE recorded_at IS NULL)::int AS n3,
  NULL::int AS n4, NULL::int AS n5, NULL::int AS n6,
  ${NO_DETAIL}
FROM counted
GROUP BY idx, bucket
UNION ALL
SELECT idx, 'fingerprints', extract(epoch FROM date_bin(stride, occurred_at, ${ORIGIN}))::bigint, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  floor(extract(epoch FROM occurred_at) * 1000)::bigint, service_user_id, md5(joined), NULL
FROM span_words
WHERE ${WORDING_SQL} IS NOT NULL
UNION ALL
SELECT weeks.idx, 'week', NULL, NULL, coalesce(per_week.shared, 0)::int, coalesce(per_week.notes, 0)::int,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM weeks
LEFT JOIN per_week ON per_week.week = weeks.idx`;

/** Buckets of occurred_at of notes recorded after $3 (a note recorded late for an earlier time). Uses notes_location_recorded_idx. */
export const CARE_NOTES_CHANGES_SQL = `SELECT l.location_id, extract(epoch FROM date_bin(l.bucket_seconds * interval '1 second', n.occurred_at, ${ORIGIN}))::bigint AS bucket
FROM unnest($1::text[], $2::int[]) AS l(location_id, bucket_seconds)
CROSS JOIN LATERAL (
  SELECT n.occurred_at FROM ecm.care_notes n WHERE n.location_id = l.location_id AND n.recorded_at > $3::timestamptz
  OFFSET 0
) n
WHERE n.occurred_at IS NOT NULL
GROUP BY 1, 2`;

export const CARE_NOTES_NULLS_SQL = `SELECT 'care_notes' AS "table", 'null_timestamp' AS reason, count(*)::int AS rows
FROM ecm.care_notes WHERE location_id = ANY($1::text[]) AND occurred_at IS NULL`;

/** Record fields of the `notes` store. */
export const NOTE_FIELDS = Object.freeze({ recorded: 0, timely: 1, recordedNull: 2 });
/** Record fields of the `fingerprints` store (after the offset): interned service user and wording hash. */
export const FINGERPRINT_FIELDS = Object.freeze({ serviceUser: 1, wording: 2 });

export const careNotesPass: PassSpec = {
  name: 'care_notes',
  stores: {
    notes: { kind: 'counts', fields: 3, gated: [false, false, false] },
    fingerprints: { kind: 'detail', width: 3, float: false, idFields: [1, 2] },
  },
  settingsKey: (settings) => String(settings.noteLateMinutes),
  maturityReachMs: () => 0,
  changesSql: CARE_NOTES_CHANGES_SQL,
  nullsSql: CARE_NOTES_NULLS_SQL,
  readSql: CARE_NOTES_READ_SQL,
  judgesWeeks: true,
};
