import { Readable } from 'node:stream';
import type { Db } from '../../src/db/types.ts';
import { importLog, type ImportSummary } from '../../src/governance/import/importer.ts';
import type { LogName } from '../../src/governance/import/logs.ts';

export const IMPORT_NOW = new Date('2026-11-25T12:00:00Z');

/** Imports CSV text (or bytes) as the CLI would, with a fixed clock. */
export function importText(db: Db, log: LogName, text: string | Buffer, options: { dryRun?: boolean } = {}): Promise<ImportSummary> {
  return importLog(db, {
    log,
    source: Readable.from([typeof text === 'string' ? Buffer.from(text, 'utf8') : text]),
    label: `${log}.csv`,
    dryRun: options.dryRun ?? false,
    now: IMPORT_NOW,
  });
}

/** Every row of every governance table, to show a rejected import left the store untouched. */
export async function storeContents(db: Db): Promise<string> {
  const tables = ['record_audits', 'staff_feedback', 'adoption_issues', 'corrective_actions', 'governance_reviews'];
  const parts: string[] = [];
  for (const table of tables) {
    const { rows } = await db.query(`SELECT to_jsonb(t) AS row FROM adoption.${table} t ORDER BY to_jsonb(t)::text`);
    parts.push(`${table}: ${JSON.stringify(rows)}`);
  }
  return parts.join('\n');
}

export const AUDITS_HEADER = 'audit_id,location_id,audited_at,record_type,complete,person_specific,timely,correct_section,gap_cause,follow_up_of';
export const FEEDBACK_HEADER = 'response_id,location_id,submitted_at,role,confidence,barrier_type,themes';
