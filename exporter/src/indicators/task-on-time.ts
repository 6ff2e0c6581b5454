import { WINDOW_TOTALS_SELECT } from './sql.ts';
import { MATURE_TASKS_CTES } from './task-sql.ts';
import type { IndicatorDefinition } from './types.ts';

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
  name: 'task_on_time',
  title: 'Tasks on time',
  direction: 'higher_is_better',
  description:
    'Share of tasks due in the window (not cancelled, due time plus tolerance passed) recorded no later than due time plus tolerance (default 60 min, medication 30 min).',
  sql: TASK_ON_TIME_SQL,
  defaultThresholds: { weekly: { target: 0.85, critical: 0.65 }, monthly: { target: 0.9, critical: 0.75 } },
};
