/** shift_activity_match: of the shifts judged (ended 30 minutes ago), those with a digital trace of their staff member. */
import { ACTIVITY_FIELDS, shiftsPass } from '../passes/shifts.ts';
import { countPartial } from './partial.ts';

export const shiftActivityMatchPartial = countPartial({
  indicator: 'shift_activity_match',
  pass: shiftsPass.name,
  store: 'activity',
  storeSpec: shiftsPass.stores.activity ?? { kind: 'members' },
  numerator: ACTIVITY_FIELDS.active,
  denominator: ACTIVITY_FIELDS.shifts,
});
