import type { StraightforwardQuery } from './types.ts';
import { inWindow, ROLLING_WINDOWS_JOIN } from './windows.ts';

/**
 * Notes of 8 words or more that occurred in the window; numerator: those whose
 * wording (lower case, punctuation removed, whitespace runs as one space) also
 * appears in the window in notes about 2 or more service users. Same
 * normalisation as the exporter, applied once per note and window.
 */
export const NOTE_DUPLICATION_PLAIN_SQL = `WITH words AS (
  SELECT n.location_id, w.label, n.service_user_id,
    array_remove(string_to_array(
      regexp_replace(translate(lower(n.body), E'\\t\\n\\r\\f\\x0B', '     '), '[!-/:-@[-\`{-~‘’“”–—…]+', '', 'g'),
      ' '), '') AS words
  FROM ecm.care_notes n
  JOIN ${ROLLING_WINDOWS_JOIN} ON ${inWindow('n.occurred_at')}
  WHERE n.body IS NOT NULL
),
bodies AS (
  SELECT location_id, label, array_to_string(words, ' ') AS body, count(*) AS notes, count(DISTINCT service_user_id) AS service_users
  FROM words
  WHERE cardinality(words) >= 8
  GROUP BY location_id, label, array_to_string(words, ' ')
)
SELECT location_id, label AS "window",
  coalesce(sum(notes) FILTER (WHERE service_users >= 2), 0)::int AS numerator,
  sum(notes)::int AS denominator
FROM bodies
GROUP BY location_id, label`;

export const noteDuplicationPlain: StraightforwardQuery = { indicator: 'note_duplication', sql: NOTE_DUPLICATION_PLAIN_SQL };
