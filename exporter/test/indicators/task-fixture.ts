/**
 * Shared task rows for task_completion and task_on_time (same denominator).
 * now = Tue 2026-03-31 12:00Z (13:00 BST). 7d = [03-24 12:00Z, now), 28d = [03-03 12:00Z, now).
 * Tolerance: 60 min, medication 30 min.
 *
 *  #  category       due (Z)          completed (Z)  status        in    counts as
 *  1  personal_care  03-30 09:00      09:30          completed     7d    done, on time (09:30 <= 10:00)
 *  2  personal_care  03-30 10:00      13:00          completed     7d    done, late
 *  3  medication     03-30 08:00      08:40          completed     7d    done, late (deadline 08:30)
 *  4  medication     03-30 08:00      08:30          completed     7d    done, on time (exactly at deadline)
 *  5  personal_care  03-29 20:00      -              missed        7d    not done
 *  6  nutrition      03-29 18:00      18:10          refused       7d    done (refusal recorded), on time
 *  7  personal_care  03-29 12:00      -              cancelled     -     excluded: cancelled
 *  8  personal_care  03-31 11:30      -              pending       -     excluded: immature (deadline 12:30 > now)
 *  9  medication     03-31 11:45      -              pending       -     excluded: immature (deadline 12:15 > now)
 * 10  medication     03-31 11:29      -              pending       7d    mature (deadline 11:59 < now), not done
 * 11  hydration      03-30 07:00      07:05          not_required  7d    done, on time
 * 12  personal_care  03-20 09:00      09:10          completed     28d   done, on time
 * 13  personal_care  03-03 11:59      12:00          completed     -     before the 28d window
 * 14  personal_care  03-03 12:00      12:05          completed     28d   at the window start (inclusive): done, on time
 * 15  personal_care  03-30 09:00      09:05          completed     -     other location
 *
 * 7d:  denominator = 1,2,3,4,5,6,10,11 = 8;  done = 1,2,3,4,6,11 = 6;  on time = 1,4,6,11 = 4
 * 28d: denominator = 8 + 12,14 = 10;          done = 6 + 2 = 8;       on time = 4 + 2 = 6
 */
import type { Queryable } from '../../src/db/index.ts';
import { at, insert } from '../support/fixtures.ts';

export const NOW = at('2026-03-31T12:00:00Z');

export async function insertTaskFixture(db: Queryable): Promise<void> {
  await insert(db, 'locations', [{ location_id: 'other' }]);
  const task = (category: string, due: string, completed: string | null, status: string, location = 'home') => ({
    location_id: location,
    category,
    due_at: at(due),
    completed_at: completed ? at(completed) : null,
    completed_by: completed ? 'staff-1' : null,
    status,
  });
  await insert(db, 'tasks', [
    task('personal_care', '2026-03-30T09:00Z', '2026-03-30T09:30Z', 'completed'),
    task('personal_care', '2026-03-30T10:00Z', '2026-03-30T13:00Z', 'completed'),
    task('medication', '2026-03-30T08:00Z', '2026-03-30T08:40Z', 'completed'),
    task('medication', '2026-03-30T08:00Z', '2026-03-30T08:30Z', 'completed'),
    task('personal_care', '2026-03-29T20:00Z', null, 'missed'),
    task('nutrition', '2026-03-29T18:00Z', '2026-03-29T18:10Z', 'refused'),
    task('personal_care', '2026-03-29T12:00Z', null, 'cancelled'),
    task('personal_care', '2026-03-31T11:30Z', null, 'pending'),
    task('medication', '2026-03-31T11:45Z', null, 'pending'),
    task('medication', '2026-03-31T11:29Z', null, 'pending'),
    task('hydration', '2026-03-30T07:00Z', '2026-03-30T07:05Z', 'not_required'),
    task('personal_care', '2026-03-20T09:00Z', '2026-03-20T09:10Z', 'completed'),
    task('personal_care', '2026-03-03T11:59Z', '2026-03-03T12:00Z', 'completed'),
    task('personal_care', '2026-03-03T12:00Z', '2026-03-03T12:05Z', 'completed'),
    task('personal_care', '2026-03-30T09:00Z', '2026-03-30T09:05Z', 'completed', 'other'),
  ]);
}
