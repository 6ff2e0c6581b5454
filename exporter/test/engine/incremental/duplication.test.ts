import { describe, expect, it } from 'vitest';
import { NO_ID } from '../../../src/engine/incremental/draft.ts';
import { WordingTally } from '../../../src/engine/incremental/duplication.ts';

describe('WordingTally (note duplication of one window)', () => {
  it('counts notes whose wording is about two service users or more, as count(DISTINCT service_user_id) >= 2', () => {
    const tally = new WordingTally();
    // wording 5: users 1, 1 -> one service user, 2 notes, not copied
    tally.add(5, 1);
    tally.add(5, 1);
    // wording 7: users 1, 2 -> copied, 2 notes
    tally.add(7, 1);
    tally.add(7, 2);
    // wording 9: no user, then user 3 -> one service user (a missing one is not counted), 2 notes
    tally.add(9, NO_ID);
    tally.add(9, 3);
    // wording 5000 (beyond the first arrays): no user, 3, 4, 3 -> copied, 4 notes
    tally.add(5000, NO_ID);
    tally.add(5000, 3);
    tally.add(5000, 4);
    tally.add(5000, 3);
    // a note without a wording id is a wording of its own: users 8, 9 -> copied, 2 notes
    tally.add(NO_ID, 8);
    tally.add(NO_ID, 9);
    // numerator 2 + 4 + 2 = 8; denominator 2 + 2 + 2 + 4 + 2 = 12
    expect(tally.take()).toEqual([8, 12]);
  });

  it('starts every window empty: nothing of the previous window is carried over', () => {
    const tally = new WordingTally();
    tally.add(7, 1);
    tally.add(7, 2);
    tally.add(12, 4);
    expect(tally.take()).toEqual([2, 3]);
    // wording 7 again, user 2 only: one service user in this window
    tally.add(7, 2);
    expect(tally.take()).toEqual([0, 1]);
    expect(tally.take()).toEqual([0, 0]);
  });

  it('keeps counting past the first 1024 distinct wordings in one window', () => {
    const tally = new WordingTally();
    // 3000 wordings, each in two notes; the even ones about users 1 and 2 (copied), the odd ones about user 1 twice
    for (let wording = 0; wording < 3000; wording += 1) {
      tally.add(wording, 1);
      tally.add(wording, wording % 2 === 0 ? 2 : 1);
    }
    expect(tally.take()).toEqual([3000, 6000]);
  });
});
