import { WINDOW_TOTALS_SELECT } from './sql.ts';
import { MATURE_TASKS_CTES } from './task-sql.ts';
import type { IndicatorDefinition } from './types.ts';
import { TASK_ON_TIME } from '../shared/indicators.ts';

/** Same denominator as task_completion; numerator: recorded no later than due_at + tolerance. */
export const TASK_ON_TIME_SQL = `${MATURE_TASKS_CTES},
per_window AS (
  SELECT location_id, label,
    count(*) FILTER (WHERE deadline < $5 AND completed_at <= deadline) AS numerator,
    count(*) FILTER (WHERE deadline < $5) AS denominator
  FROM mature_tasks
  GROUP BY location_id, label
)
${WINDOW_TOTALS_SELECT}`;

export const taskOnTime: IndicatorDefinition = {
  ...TASK_ON_TIME,
  sql: TASK_ON_TIME_SQL,
  defaultThresholds: { weekly: { target: 0.85, critical: 0.65 }, monthly: { target: 0.9, critical: 0.75 } },
};
