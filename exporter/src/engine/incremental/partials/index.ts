/**
 * Every indicator's partial-aggregate definition, in the order of INDICATORS
 * (indicators/index.ts); a test keeps the two lists equal.
 */
import { alertAckOnTimePartial } from './alert-ack-on-time.ts';
import { loginCoveragePartial } from './login-coverage.ts';
import { noteDuplicationPartial } from './note-duplication.ts';
import { noteTimelinessPartial } from './note-timeliness.ts';
import type { IndicatorPartial } from './partial.ts';
import { shiftActivityMatchPartial } from './shift-activity-match.ts';
import { taskCompletionPartial } from './task-completion.ts';
import { taskOnTimePartial } from './task-on-time.ts';

export type { Counts, IndicatorPartial } from './partial.ts';

export const INDICATOR_PARTIALS: readonly IndicatorPartial[] = Object.freeze([
  loginCoveragePartial,
  taskCompletionPartial,
  taskOnTimePartial,
  noteTimelinessPartial,
  alertAckOnTimePartial,
  shiftActivityMatchPartial,
  noteDuplicationPartial,
]);
