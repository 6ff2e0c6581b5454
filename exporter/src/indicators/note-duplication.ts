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
normalised AS (
  SELECT windows.location_id, windows.label, n.service_user_id,
    btrim(regexp_replace(regexp_replace(lower(n.body), '[!-/:-@[-\`{-~‘’“”–—…]', '', 'g'), '\\s+', ' ', 'g')) AS body
  FROM windows
  JOIN ecm.care_notes n ON n.location_id = windows.location_id AND n.occurred_at >= windows.starts AND n.occurred_at < windows.ends
  WHERE n.body IS NOT NULL
),
long_notes AS (
  SELECT location_id, label, service_user_id, md5(body) AS body_hash
  FROM normalised
  WHERE array_length(regexp_split_to_array(body, ' '), 1) >= 8
),
per_body AS (
  SELECT location_id, label, count(*) AS notes, count(DISTINCT service_user_id) AS service_users
  FROM long_notes
  GROUP BY location_id, label, body_hash
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
