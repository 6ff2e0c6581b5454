import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import { noteDuplication } from '../../src/indicators/note-duplication.ts';
import { databaseTargets } from '../support/databases.ts';
import { at, countsFor, freshDatabase, insert } from '../support/fixtures.ts';

const NOW = at('2026-03-31T12:00:00Z'); // 7d = [03-24 12:00Z, now), 28d = [03-03 12:00Z, now)
const IN_7D = at('2026-03-30T09:00Z');
const IN_28D_ONLY = at('2026-03-20T09:00Z');

describe.each(databaseTargets())('note_duplication on $name', (target) => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('counts notes of 8+ words whose normalised wording appears about 2+ service users in the window', async () => {
    db = await freshDatabase(target);
    await insert(db, 'locations', [{ location_id: 'other' }]);
    const note = (serviceUser: string, body: string, when = IN_7D, location = 'home') => ({
      location_id: location,
      service_user_id: serviceUser,
      occurred_at: when,
      recorded_at: when,
      body,
    });
    await insert(db, 'care_notes', [
      // X (9 words) about su-1, su-2, su-7: case, punctuation and spacing differ -> one wording, 3 residents
      note('su-1', 'Resident was settled and slept well through the night.'),
      note('su-2', 'resident was SETTLED, and slept well through the night'),
      note('su-7', '  Resident   was settled and\tslept well through\nthe night!! '),
      // Y (10 words) twice about the same resident: repeated, but not across residents
      note('su-1', 'Had breakfast in the dining room with other residents today.'),
      note('su-1', 'Had breakfast in the dining room with other residents today.'),
      // short notes (3 words) are not judged, even when copied
      note('su-1', 'Short note only.'),
      note('su-2', 'Short note only.'),
      // exactly 8 words: judged; 7 words: not
      note('su-1', 'Drank two cups of tea with her lunch.'),
      note('su-1', 'Drank two cups of tea at lunch'),
      // typographic and ASCII apostrophes normalise alike (9 words)
      note('su-8', 'Mrs B’s family visited and stayed for lunch today.'),
      note('su-9', "Mrs B's family visited and stayed for lunch today"),
      // U (10 words) once in 7d (su-5), again on 03-20 (su-6): copied only within 28d
      note('su-5', 'Assisted with personal care and dressing this morning without issue.'),
      note('su-6', 'Assisted with personal care and dressing this morning without issue.', IN_28D_ONLY),
      // X again about su-4, 28d only; and about su-3 at another location (never counts for home)
      note('su-4', 'Resident was settled and slept well through the night.', IN_28D_ONLY),
      note('su-3', 'Resident was settled and slept well through the night.', IN_7D, 'other'),
    ]);
    // 7d: judged X×3 + Y×2 + 8-word + B's×2 + U = 9; copied X×3 + B's×2 = 5
    // 28d: judged 9 + X(su-4) + U(su-6) = 11; copied X×4 + B's×2 + U×2 = 8
    expect(await countsFor(db, noteDuplication, NOW)).toEqual({ '7d': [5, 9], '28d': [8, 11] });
  });
});
