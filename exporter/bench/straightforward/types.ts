/**
 * One indicator as a plain custom query of a generic SQL exporter: every
 * location, both rolling windows, run in full at every scrape. Rows:
 * location_id, window ('7d' | '28d'), numerator, denominator; a location and
 * window with nothing to count has no row (a generic exporter publishes nothing).
 */
export interface StraightforwardQuery {
  /** The exporter's indicator name this query reproduces. */
  indicator: string;
  /** $1 = the reference time (`now()` in a collector). */
  sql: string;
}
