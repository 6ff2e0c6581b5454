import type { Db } from '../../src/db/index.ts';
import { ECM_TABLES, type EcmTable } from '../../src/seed/index.ts';

/** Primary key of each ecm relation, to dump rows in a stable order. */
export const ECM_KEYS: Readonly<Record<EcmTable, string>> = {
  locations: 'location_id',
  staff: 'staff_id',
  shifts: 'shift_id',
  sessions: 'session_id',
  tasks: 'task_id',
  care_notes: 'note_id',
  alerts: 'alert_id',
};

/**
 * md5 of every ecm relation's rows (all columns, in key order), with
 * timestamps rendered in UTC so the digest does not depend on the session's
 * TimeZone setting. Equal digests = identical rows.
 */
export async function ecmDigests(db: Db): Promise<Record<EcmTable, string>> {
  return db.transaction(async (tx) => {
    await tx.query(`SET LOCAL TimeZone = 'UTC'`);
    const parts = ECM_TABLES.map(
      (t) => `(SELECT coalesce(md5(string_agg(r::text, E'\\n' ORDER BY r.${ECM_KEYS[t]} COLLATE "C")), 'empty') FROM ecm.${t} r) AS ${t}`,
    );
    const { rows } = await tx.query<Record<EcmTable, string>>(`SELECT ${parts.join(', ')}`);
    const row = rows[0];
    if (!row) throw new Error('digest query returned nothing');
    return row;
  });
}
