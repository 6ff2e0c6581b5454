/** task_on_time: of the tasks judged (same as task_completion), those recorded by the deadline. */
import { tasksPass, TASK_FIELDS } from '../passes/tasks.ts';
import { countPartial } from './partial.ts';

export const taskOnTimePartial = countPartial({
  indicator: 'task_on_time',
  pass: tasksPass.name,
  store: 'tasks',
  storeSpec: tasksPass.stores.tasks ?? { kind: 'members' },
  numerator: TASK_FIELDS.onTime,
  denominator: TASK_FIELDS.due,
});
