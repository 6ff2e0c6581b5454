/** task_completion: of the tasks judged (due, not cancelled, mature), those with an outcome recorded. */
import { tasksPass, TASK_FIELDS } from '../passes/tasks.ts';
import { countPartial } from './partial.ts';

export const taskCompletionPartial = countPartial({
  indicator: 'task_completion',
  pass: tasksPass.name,
  store: 'tasks',
  storeSpec: tasksPass.stores.tasks ?? { kind: 'members' },
  numerator: TASK_FIELDS.completed,
  denominator: TASK_FIELDS.due,
});
