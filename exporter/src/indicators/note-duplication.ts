import { WINDOWS_CTE, WINDOW_TOTALS_SELECT } from './sql.ts';
import { indicatorCollector } from './collector.ts';
import type { IndicatorPartial } from './partial.ts';
import { bucketOf } from '../engine/incremental/buckets.ts';
import { duplicationInWindow } from '../engine/incremental/duplication.ts';
import { careNotesPass } from '../engine/incremental/passes/care-notes.ts';
import { NOTE_DUPLICATION } from '../shared/indicators.ts';

/**
 * Notes of at least 8 words that occurred in the window; numerator: those whose
 * normalised body also appears, in the same location and window, in notes about at
 * least 2 different service users (copied wording). Normalising: lower case, ASCII
 * and typographic punctuation removed, words split on runs of whitespace (space, tab,
 * newline, carriage return, form and line feed) and joined by one space. The
 * punctuation list is explicit (not [[:punct:]]) so the result does not depend on the
 * database locale; translate + string_to_array cost about half of a second regex
 * (measured on the medium profile), and this is the most expensive query.
 * Uses notes_location_occurred_cover_idx.
 */
/**
 * The normalised words of a note body (see NOTE_DUPLICATION_SQL), as an SQL expression over
 * `column`; the history backfill groups notes by the same words.
 */
export function noteWords(column: string): string {
  return `array_remove(string_to_array(
        regexp_replace(translate(lower(${column}), E'\\t\\n\\r\\f\\x0B', '     '), '[!-/:-@[-\`{-~‘’“”–—…]+', '', 'g'),
        ' '), '')`;
}

export const NOTE_DUPLICATION_SQL = `WITH ${WINDOWS_CTE},
-- Each note is normalised once: windows overlap (7d lies inside 28d, recent weeks
-- inside 28d), so notes are read over the union of a location's windows (its
-- islands of overlapping or touching windows), then counted per window.
ordered AS (
  SELECT location_id, starts, ends,
    max(ends) OVER (PARTITION BY location_id ORDER BY starts ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
  FROM windows
),
islands AS (
  SELECT location_id, starts, ends,
    count(*) FILTER (WHERE reach IS NULL OR reach < starts) OVER (PARTITION BY location_id ORDER BY starts) AS island
  FROM ordered
),
spans AS (
  SELECT location_id, min(starts) AS starts, max(ends) AS ends FROM islands GROUP BY location_id, island
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
    OFFSET 0 -- a fence: keeps one index range scan per window (see sql.ts)
  ) n
),
long_notes AS MATERIALIZED (
  SELECT location_id, occurred_at, service_user_id, md5(array_to_string(words, ' ')) AS body_hash
  FROM (
    SELECT location_id, occurred_at, service_user_id,
      ${noteWords('body')} AS words
    FROM span_notes
    OFFSET 0 -- computes words once per note (flattened, the WHERE would repeat it)
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

/**
 * From the held fingerprints inside the 28-day span (rolling windows, recent weeks);
 * weeks starting before the span were judged whole in SQL once and are kept
 * (LocationView.weekCounts).
 */
const noteDuplicationPartial: IndicatorPartial = {
  pass: careNotesPass.name,
  atNow(view, window) {
    const [numerator, denominator] = duplicationInWindow(view, window);
    return { numerator, denominator };
  },
  week(view, week) {
    const held = bucketOf(view.grid, week.startMs) < view.detailFrom ? view.weekCounts.get(week.label) : undefined;
    if (held) return { numerator: held[0], denominator: held[1] };
    return this.atNow(view, week);
  },
  atBoundary(view, window, asOfMs) {
    if (bucketOf(view.grid, window.startMs) < view.detailFrom || window.endMs > asOfMs) return undefined;
    const [numerator, denominator] = duplicationInWindow(view, window);
    return { numerator, denominator };
  },
};

export const noteDuplication = indicatorCollector({
  ...NOTE_DUPLICATION,
  sql: NOTE_DUPLICATION_SQL,
  defaultThresholds: { weekly: { target: 0.1, critical: 0.25 }, monthly: { target: 0.05, critical: 0.15 } },
  partial: noteDuplicationPartial,
});
