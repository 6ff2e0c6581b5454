import { WINDOWS_CTE, WINDOW_TOTALS_SELECT } from './sql.ts';
import type { IndicatorDefinition } from './types.ts';

/**
 * Notes of at least 8 words that occurred in the window; numerator: those whose
 * normalised body also appears, in the same location and window, in notes about at
 * least 2 different service users (copied wording). Normalising: lower case, ASCII
 * and typographic punctuation removed, whitespace collapsed, trimmed. The punctuation
 * list is explicit (not [[:punct:]]) so the result does not depend on the database locale.
 * Uses notes_location_occurred_idx.
 */
export const NOTE_DUPLICATION_SQL = `WITH ${WINDOWS_CTE},
-- Each note is normalised once, over the span of its location's windows (the 7d
-- window lies inside the 28d one, weeks are contiguous), then counted per window.
spans AS (
  SELECT location_id, min(starts) AS starts, max(ends) AS ends FROM windows GROUP BY location_id
),
-- MATERIALIZED keeps the planner from pushing the word-count filter (and so the
-- normalising) below the time-range filter, onto every note of the location.
span_notes AS MATERIALIZED (
  SELECT spans.location_id, n.occurred_at, n.service_user_id, n.body
  FROM spans
  CROSS JOIN LATERAL (
    SELECT n.occurred_at, n.service_user_id, n.body FROM ecm.care_notes n
    WHERE n.location_id = spans.location_id AND n.occurred_at >= spans.starts AND n.occurred_at < spans.ends
      AND n.body IS NOT NULL
  ) n
),
long_notes AS MATERIALIZED (
  SELECT location_id, occurred_at, service_user_id, md5(array_to_string(words, ' ')) AS body_hash
  FROM (
    SELECT location_id, occurred_at, service_user_id,
      regexp_split_to_array(btrim(regexp_replace(lower(body), '[!-/:-@[-\`{-~‘’“”–—…]', '', 'g'), E' \\t\\n\\r'), '\\s+') AS words
    FROM span_notes
  ) normalised
  WHERE cardinality(words) >= 8
),
per_body AS (
  SELECT windows.location_id, windows.label, count(*) AS notes, count(DISTINCT long_notes.service_user_id) AS service_users
  FROM windows
  JOIN long_notes ON long_notes.location_id = windows.location_id
    AND long_notes.occurred_at >= windows.starts AND long_notes.occurred_at < windows.ends
  GROUP BY windows.location_id, windows.label, long_notes.body_hash
),
per_window AS (
  SELECT location_id, label, sum(notes) FILTER (WHERE service_users >= 2) AS numerator, sum(notes) AS denominator
  FROM per_body
  GROUP BY location_id, label
)
${WINDOW_TOTALS_SELECT}`;

export const noteDuplication: IndicatorDefinition = {
  name: 'note_duplication',
  title: 'Copied note wording',
  direction: 'lower_is_better',
  description:
    'Share of care notes (8 words or more) that occurred in the window whose wording, ignoring case, punctuation and spacing, also appears in the same location and window in notes about at least 2 different service users.',
  sql: NOTE_DUPLICATION_SQL,
  defaultThresholds: { weekly: { target: 0.1, critical: 0.25 }, monthly: { target: 0.05, critical: 0.15 } },
};
