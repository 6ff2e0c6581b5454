/** login_coverage: distinct staff with an ended shift in the window, and those who logged in for one of them (sets of staff, merged). */
import { shiftsPass } from '../passes/shifts.ts';
import { memberPartial } from './partial.ts';

export const loginCoveragePartial = memberPartial({ indicator: 'login_coverage', pass: shiftsPass.name, store: 'logins' });
