/**
 * Which item query (./item-sql.ts) and which way of counting (./tallies.ts) each
 * indicator's backfill takes. A test holds that every indicator of INDICATORS has one.
 */
import type { Row } from '../db/types.ts';
import { integer } from '../engine/domain-units.ts';
import {
  ALERT_ACK_ON_TIME,
  LOGIN_COVERAGE,
  NOTE_DUPLICATION,
  NOTE_TIMELINESS,
  SHIFT_ACTIVITY_MATCH,
  TASK_COMPLETION,
  TASK_ON_TIME,
} from '../shared/indicators.ts';
import {
  ALERT_ACK_ON_TIME_ITEMS_SQL,
  LOGIN_COVERAGE_ITEMS_SQL,
  NOTE_DUPLICATION_ITEMS_SQL,
  NOTE_TIMELINESS_ITEMS_SQL,
  SHIFT_ACTIVITY_MATCH_ITEMS_SQL,
  TASK_COMPLETION_ITEMS_SQL,
  TASK_ON_TIME_ITEMS_SQL,
} from './item-sql.ts';
import type { Counting, ItemClass } from './tallies.ts';

export interface ItemQuery {
  sql: string;
  counting: Counting;
}

export const ITEM_QUERIES: ReadonlyMap<string, ItemQuery> = new Map([
  [LOGIN_COVERAGE.name, { sql: LOGIN_COVERAGE_ITEMS_SQL, counting: 'staff' }],
  [TASK_COMPLETION.name, { sql: TASK_COMPLETION_ITEMS_SQL, counting: 'rows' }],
  [TASK_ON_TIME.name, { sql: TASK_ON_TIME_ITEMS_SQL, counting: 'rows' }],
  [NOTE_TIMELINESS.name, { sql: NOTE_TIMELINESS_ITEMS_SQL, counting: 'rows' }],
  [ALERT_ACK_ON_TIME.name, { sql: ALERT_ACK_ON_TIME_ITEMS_SQL, counting: 'rows' }],
  [SHIFT_ACTIVITY_MATCH.name, { sql: SHIFT_ACTIVITY_MATCH_ITEMS_SQL, counting: 'rows' }],
  [NOTE_DUPLICATION.name, { sql: NOTE_DUPLICATION_ITEMS_SQL, counting: 'duplicated_notes' }],
]);

const optionalInteger = (row: Row, column: string): number | null => (row[column] === null || row[column] === undefined ? null : integer(row, column));

export function itemsOf(rows: readonly Row[]): ItemClass[] {
  return rows.map((row) => ({
    entity: optionalInteger(row, 'entity'),
    sub: optionalInteger(row, 'sub'),
    keyHour: integer(row, 'key_hour'),
    denEnter: integer(row, 'den_enter'),
    numEnter: optionalInteger(row, 'num_enter'),
    n: integer(row, 'n'),
  }));
}
