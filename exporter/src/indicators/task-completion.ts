import { WINDOW_TOTALS_SELECT } from './sql.ts';
import { MATURE_TASKS_CTES } from './task-sql.ts';
import { indicatorCollector } from './collector.ts';
import { countPartial } from './partial.ts';
import { tasksPass, TASK_FIELDS } from '../engine/incremental/passes/tasks.ts';
import { TASK_COMPLETION } from '../shared/indicators.ts';

/** Mature, not cancelled tasks due in the window; numerator: an outcome was recorded (completed_at set). */
export const TASK_COMPLETION_SQL = `${MATURE_TASKS_CTES},
per_window AS (
  SELECT location_id, label,
    count(*) FILTER (WHERE deadline < $5 AND completed_at IS NOT NULL) AS numerator,
    count(*) FILTER (WHERE deadline < $5) AS denominator
  FROM mature_tasks
  GROUP BY location_id, label
)
${WINDOW_TOTALS_SELECT}`;

export const taskCompletion = indicatorCollector({
  ...TASK_COMPLETION,
  sql: TASK_COMPLETION_SQL,
  defaultThresholds: { weekly: { target: 0.9, critical: 0.75 }, monthly: { target: 0.95, critical: 0.85 } },
  // Of the tasks judged (due, not cancelled, mature), those with an outcome recorded.
  partial: countPartial({
    pass: tasksPass.name,
    store: 'tasks',
    storeSpec: tasksPass.stores.tasks,
    numerator: TASK_FIELDS.completed,
    denominator: TASK_FIELDS.due,
  }),
});
