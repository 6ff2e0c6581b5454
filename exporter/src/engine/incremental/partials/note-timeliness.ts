/** note_timeliness: of the notes with a recorded time, those recorded within the late threshold. */
import { careNotesPass, NOTE_FIELDS } from '../passes/care-notes.ts';
import { countPartial } from './partial.ts';

export const noteTimelinessPartial = countPartial({
  indicator: 'note_timeliness',
  pass: careNotesPass.name,
  store: 'notes',
  storeSpec: careNotesPass.stores.notes ?? { kind: 'members' },
  numerator: NOTE_FIELDS.timely,
  denominator: NOTE_FIELDS.recorded,
});
