import { WINDOW_TOTALS_SELECT } from './sql.ts';
import { MATURE_TASKS_CTES } from './task-sql.ts';
import { indicatorCollector } from './collector.ts';
import { countPartial } from './partial.ts';
import { tasksPass, TASK_FIELDS } from '../engine/incremental/passes/tasks.ts';
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

export const taskOnTime = indicatorCollector({
  ...TASK_ON_TIME,
  sql: TASK_ON_TIME_SQL,
  defaultThresholds: { weekly: { target: 0.85, critical: 0.65 }, monthly: { target: 0.9, critical: 0.75 } },
  // Of the tasks judged (same as task_completion), those recorded by the deadline.
  partial: countPartial({
    pass: tasksPass.name,
    store: 'tasks',
    storeSpec: tasksPass.stores.tasks,
    numerator: TASK_FIELDS.onTime,
    denominator: TASK_FIELDS.due,
  }),
});
