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

interface Wording {
  notes: number;
  serviceUser: number;
  shared: boolean;
}

export function duplicationInWindow(partials: LocationPartials, window: TimeRange): [numerator: number, denominator: number] {
  const byWording = new Map<number, Wording>();
  detailAtNow(partials, 'fingerprints', 3, window, (record) => {
    const wording = record[FINGERPRINT_FIELDS.wording] ?? -1;
    const serviceUser = record[FINGERPRINT_FIELDS.serviceUser] ?? -1;
    // As count(DISTINCT service_user_id): a note without a service user counts as a note, not as a service user.
    const seen = byWording.get(wording);
    if (!seen) byWording.set(wording, { notes: 1, serviceUser, shared: false });
    else {
      seen.notes += 1;
      if (seen.serviceUser === NO_ID) seen.serviceUser = serviceUser;
      else if (serviceUser !== NO_ID && seen.serviceUser !== serviceUser) seen.shared = true;
    }
  });
  let numerator = 0;
  let denominator = 0;
  for (const wording of byWording.values()) {
    denominator += wording.notes;
    if (wording.shared) numerator += wording.notes;
  }
  return [numerator, denominator];
}
