/**
 * The straightforward peer of the exporter's indicator SQL: the same seven
 * definitions over the 7d and 28d windows, written as one plain query each, the
 * way they would be configured in sql_exporter or postgres_exporter (no window
 * list parameter, no statement splitting, no cache: every scrape runs all seven
 * in full). `npm run bench:scale` runs them beside the exporter on the same
 * database; test/bench-straightforward.test.ts proves they count the same rows.
 */
import { alertAckOnTimePlain } from './alert-ack-on-time.ts';
import { loginCoveragePlain } from './login-coverage.ts';
import { noteDuplicationPlain } from './note-duplication.ts';
import { noteTimelinessPlain } from './note-timeliness.ts';
import { shiftActivityMatchPlain } from './shift-activity-match.ts';
import { taskCompletionPlain } from './task-completion.ts';
import { taskOnTimePlain } from './task-on-time.ts';
import type { StraightforwardQuery } from './types.ts';

export type { StraightforwardQuery } from './types.ts';

export const STRAIGHTFORWARD_QUERIES: readonly StraightforwardQuery[] = Object.freeze([
  loginCoveragePlain,
  taskCompletionPlain,
  taskOnTimePlain,
  noteTimelinessPlain,
  alertAckOnTimePlain,
  shiftActivityMatchPlain,
  noteDuplicationPlain,
]);
