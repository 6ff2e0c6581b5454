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

 * Reads notes_location_occurred_idx; change discovery reads notes_location_recorded_idx.
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
 *   the ends trimmed (only done when there is such a run or end), and their number is
 *   the number of spaces plus one: no arrays are built.
 * The md5 is then the reference's own, character for character.
 */
export const SQUEEZED_BODY_SQL = `regexp_replace(
    CASE WHEN strpos(body, E'\\t') > 0 OR strpos(body, E'\\n') > 0 OR strpos(body, E'\\r') > 0 OR strpos(body, E'\\f') > 0 OR strpos(body, E'\\x0B') > 0
      THEN translate(lower(body), E'\\t\\n\\r\\f\\x0B', '     ') ELSE lower(body) END,
    '[!-/:-@[-\`{-~‘’“”–—…]+', '', 'g')`;
/** `squeezed` (the above) with its words joined by single spaces. */
export const JOINED_WORDS_SQL = `CASE WHEN strpos(squeezed, '  ') > 0 OR left(squeezed, 1) = ' ' OR right(squeezed, 1) = ' '
    THEN btrim(regexp_replace(squeezed, ' {2,}', ' ', 'g'), ' ') ELSE squeezed END`;

export const CARE_NOTES_READ_SQL = `WITH ${RANGES_CTE},
weeks AS (
  SELECT w.idx::int AS idx, w.location_id, w.starts, w.ends
  FROM unnest($9::text[], $10::timestamptz[], $11::timestamptz[]) WITH ORDINALITY AS w(location_id, starts, ends, idx)
),
read AS (
  SELECT ranges.idx, ranges.location_id, ranges.detail, ranges.stride, n.occurred_at, n.recorded_at, n.service_user_id, n.body,
    ranges.week_source AND EXISTS (
      SELECT 1 FROM weeks WHERE weeks.location_id = ranges.location_id AND n.occurred_at >= weeks.starts AND n.occurred_at < weeks.ends
    ) AS in_week
  FROM ranges
  CROSS JOIN LATERAL (
    SELECT n.occurred_at, n.recorded_at, n.service_user_id, n.body FROM ecm.care_notes n
    WHERE n.location_id = ranges.location_id AND n.occurred_at >= ranges.starts AND n.occurred_at < ranges.ends
    OFFSET 0 -- a fence: one index range scan per range (see indicators/sql.ts)
  ) n
),
-- Only the notes a fingerprint or a week needs are normalised (the costly part); each step once per note.
squeezed AS (
  SELECT read.*, CASE WHEN body IS NOT NULL AND (detail OR in_week) THEN ${SQUEEZED_BODY_SQL} END AS squeezed
  FROM read
  OFFSET 0
),
joined AS (
  SELECT squeezed.*, ${JOINED_WORDS_SQL} AS joined
  FROM squeezed
  OFFSET 0
),
-- wording: the md5 of a note of 8 words or more (7 spaces between them), else NULL.
notes AS MATERIALIZED (
  SELECT idx, location_id, detail, in_week, date_bin(stride, occurred_at, ${ORIGIN}) AS bucket, occurred_at, recorded_at, service_user_id,
    CASE WHEN joined <> '' AND length(joined) - length(replace(joined, ' ', '')) >= 7 THEN md5(joined) END AS wording
  FROM joined
),
per_body AS (
  SELECT weeks.idx, count(*) AS notes, count(DISTINCT notes.service_user_id) AS service_users
  FROM weeks
  JOIN notes ON notes.in_week AND notes.wording IS NOT NULL AND notes.location_id = weeks.location_id
    AND notes.occurred_at >= weeks.starts AND notes.occurred_at < weeks.ends
  GROUP BY weeks.idx, notes.wording
)
SELECT idx AS range, 'notes' AS kind, extract(epoch FROM bucket)::bigint AS bucket, NULL::bigint AS matures,
  count(recorded_at)::int AS n1,
  count(*) FILTER (WHERE recorded_at - occurred_at <= ($6::jsonb ->> 'noteLateMinutes')::float8 * interval '1 minute')::int AS n2,
  count(*) FILTER (WHERE recorded_at IS NULL)::int AS n3,
  NULL::int AS n4, NULL::int AS n5, NULL::int AS n6,
  ${NO_DETAIL}
FROM notes
GROUP BY idx, bucket
UNION ALL
SELECT idx, 'fingerprints', extract(epoch FROM bucket)::bigint, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  floor(extract(epoch FROM occurred_at) * 1000)::bigint, service_user_id, wording, NULL
FROM notes
WHERE detail AND wording IS NOT NULL
UNION ALL
SELECT weeks.idx, 'week', NULL, NULL,
  coalesce(sum(per_body.notes) FILTER (WHERE per_body.service_users >= 2), 0)::int, coalesce(sum(per_body.notes), 0)::int,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM weeks
LEFT JOIN per_body ON per_body.idx = weeks.idx
GROUP BY weeks.idx`;

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
