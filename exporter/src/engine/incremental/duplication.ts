/**
 * Note duplication over a window from the held fingerprints, counted exactly as
 * NOTE_DUPLICATION_SQL does: notes of 8 words or more in the window (denominator)
 * and, of those, the notes whose normalised wording appears in the window in notes
 * about at least 2 different service users (numerator).
 */
import type { TimeRange } from './buckets.ts';
import { NO_ID } from './draft.ts';
import { detailAtNow } from './evaluate.ts';
import { FINGERPRINT_FIELDS } from './passes/care-notes.ts';
import type { LocationPartials } from './stores.ts';
import { int32s, withRoom } from './typed-arrays.ts';

/** In `users`: the wording's notes are about 2 different service users or more. */
const SHARED = -2;

/**
 * Per wording id (interned, so small and dense), reused by every call: every refresh
 * counts every window of every location, hundreds of thousands of notes, and an object
 * per wording was most of the exporter's garbage (collector pauses hold /metrics). The
 * count is synchronous, so one set of arrays serves all; a call leaves them zeroed.
 */
export class WordingTally {
  /** Notes per wording (slot = wording id + 1: a missing wording is a key too). */
  private notes = new Int32Array(1024);
  /** NO_ID until a service user is seen; then that user, or SHARED once a second one is. */
  private users = new Int32Array(1024).fill(NO_ID);
  private touched = new Int32Array(1024);
  private size = 0;

  add(wording: number, serviceUser: number): void {
    const slot = wording + 1;
    if (slot >= this.notes.length) {
      this.notes = withRoom(this.notes, slot + 1, int32s);
      this.users = withRoom(this.users, slot + 1, int32s, NO_ID);
    }
    if (this.notes[slot] === 0) {
      this.touched = withRoom(this.touched, this.size + 1, int32s);
      this.touched[this.size] = slot;
      this.size += 1;
    }
    this.notes[slot] = (this.notes[slot] ?? 0) + 1;
    // As count(DISTINCT service_user_id): a note without a service user counts as a note, not as a service user.
    const seen = this.users[slot] ?? NO_ID;
    if (seen === NO_ID) this.users[slot] = serviceUser;
    else if (seen !== SHARED && serviceUser !== NO_ID && seen !== serviceUser) this.users[slot] = SHARED;
  }

  /** The window's [numerator, denominator]; the tally is empty again afterwards. */
  take(): [numerator: number, denominator: number] {
    let numerator = 0;
    let denominator = 0;
    for (let at = 0; at < this.size; at += 1) {
      const slot = this.touched[at] ?? 0;
      const notes = this.notes[slot] ?? 0;
      denominator += notes;
      if (this.users[slot] === SHARED) numerator += notes;
      this.notes[slot] = 0;
      this.users[slot] = NO_ID;
    }
    this.size = 0;
    return [numerator, denominator];
  }
}

const tally = new WordingTally();

export function duplicationInWindow(partials: LocationPartials, window: TimeRange): [numerator: number, denominator: number] {
  try {
    detailAtNow(partials, 'fingerprints', 3, window, (record) => {
      tally.add(record[FINGERPRINT_FIELDS.wording] ?? NO_ID, record[FINGERPRINT_FIELDS.serviceUser] ?? NO_ID);
    });
  } catch (error) {
    tally.take(); // leaves the shared tally empty for the next window
    throw error;
  }
  return tally.take();
}
