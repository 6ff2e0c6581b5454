/**
 * A file with several kinds of problems is fixed in one round: row checks, references
 * and the cross-row rules all run, on PGlite and PostgreSQL, and every problem is
 * listed in line order (then left to right in the file), with nothing written.
 * Store = the five templates (provisioning/templates): AUD-2026-001 loc-02 02/11/2026 10:30,
 * AUD-2026-002 loc-02 03/11/2026, AUD-2026-003 loc-02 24/11/2026 15:00 (follows 001).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/types.ts';
import { MAX_FIELD_BYTES } from '../../src/governance/import/csv.ts';
import { LOG_NAMES } from '../../src/governance/import/logs.ts';
import { ImportRejected } from '../../src/governance/import/problems.ts';
import { migrateGovernanceStore } from '../../src/governance/store.ts';
import { databaseTargets } from '../support/databases.ts';
import { AUDITS_HEADER, FEEDBACK_HEADER, importText, storeContents } from './import-support.ts';

const TEMPLATES = fileURLToPath(new URL('../../../provisioning/templates/', import.meta.url));
const TABLES = ['record_audits', 'staff_feedback', 'adoption_issues', 'corrective_actions', 'governance_reviews'];

/** The problem lines of a rejected import, in the order the message lists them. */
async function problemLines(promise: Promise<unknown>): Promise<{ header: string; lines: string[] }> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ImportRejected);
  const [header = '', ...lines] = (error instanceof Error ? error.message : '').split('\n');
  return { header, lines: lines.map((line) => line.trim()) };
}

const audit = (id: string, location: string, date: string, recordType: string, followUpOf: string): string =>
  `${id},${location},${date},${recordType},pass,pass,pass,pass,,${followUpOf}`;

describe.each(databaseTargets())('import problems on $name', (target) => {
  let db: Db;
  let before: string;
  beforeAll(async () => {
    db = await target.create();
    await migrateGovernanceStore(db);
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.exec(`TRUNCATE ${TABLES.map((table) => `adoption.${table}`).join(', ')}`);
    for (const log of LOG_NAMES) await importText(db, log, await readFile(`${TEMPLATES}${log}.csv`));
    before = await storeContents(db);
  });

  it('reports row, reference and cross-row problems together, sorted by line', async () => {
    const csv = [
      AUDITS_HEADER,
      audit('N1', 'loc-03', '20/11/2026', 'care_plan', 'AUD-2026-002'), // line 2: AUD-2026-002 is at loc-02
      audit('N2', 'loc-02', '21/11/2026', 'careplan', ''), // line 3: bad record type
      audit('N3', 'loc-02', '01/11/2026', 'care_plan', 'AUD-2026-002'), // line 4: 01/11 is before 03/11
      audit('N4', 'loc-02', '22/11/2026', 'care_plan', 'N9'), // line 5: N9 nowhere
      audit('N5', 'loc-02', '23/11/2026', 'care_plan', 'N2'), // line 6: follows the rejected N2: nothing more to say
    ].join('\n');
    const { header, lines } = await problemLines(importText(db, 'audits', csv));
    expect(header).toBe('audits.csv: 4 problems, nothing written:');
    expect(lines).toEqual([
      'line 2: column follow_up_of: re-checks audit "AUD-2026-002" of another location (loc-02)',
      'line 3: column record_type: "careplan" is not one of care_plan, daily_note, incident, risk_assessment, review',
      'line 4: column follow_up_of: re-checks audit "AUD-2026-002" which is not earlier than this one',
      'line 5: column follow_up_of: "N9" points nowhere: no audit_id "N9" in this file or in the store',
    ]);
    expect(await storeContents(db)).toBe(before);
  });

  it('does not judge a follow-up against the stored version of an audit the file rejects', async () => {
    // The file re-states AUD-2026-002 as 01/10/2026 (earlier than N1) but with a bad record type; the store
    // still has it at 03/11/2026, which would make N1 (02/11/2026) "not earlier". Only line 2 is wrong.
    const csv = [
      AUDITS_HEADER,
      audit('AUD-2026-002', 'loc-02', '01/10/2026', 'careplan', ''),
      audit('N1', 'loc-02', '02/11/2026', 'care_plan', 'AUD-2026-002'),
    ].join('\n');
    const { lines } = await problemLines(importText(db, 'audits', csv));
    expect(lines).toEqual(['line 2: column record_type: "careplan" is not one of care_plan, daily_note, incident, risk_assessment, review']);
  });

  it('orders the problems of one line as the columns stand in the file', async () => {
    // confidence is the 2nd column of this file and role the 3rd (the template has role before confidence).
    const csv = `response_id,confidence,role,location_id,submitted_at,barrier_type,themes\nX1,9,carer,loc-1,01/11/2026,none,\nX2,0,nurse,loc-1,01/11/2026,none,\n`;
    const { lines } = await problemLines(importText(db, 'feedback', csv));
    expect(lines).toEqual([
      'line 2: column confidence: "9" is not a whole number from 1 to 5',
      'line 2: column role: "carer" is not one of care_worker, senior_carer, nurse, team_leader, manager, other',
      'line 3: column confidence: "0" is not a whole number from 1 to 5',
    ]);
  });

  it('rejects a cell over 64 KiB (counted in bytes) and reads on', async () => {
    // 40 000 × "é" = 40 000 characters but 80 000 bytes of UTF-8: over 65 536.
    const csv = `${FEEDBACK_HEADER}\nX1,loc-1,01/11/2026,nurse,3,none,${'é'.repeat(40_000)}\nX2,loc-1,01/11/2026,nurse,9,none,\n`;
    const { header, lines } = await problemLines(importText(db, 'feedback', csv));
    expect(MAX_FIELD_BYTES).toBe(65_536);
    expect(header).toBe('feedback.csv: 2 problems, nothing written:');
    expect(lines).toEqual([
      'line 2: column themes: is 80000 bytes long; a cell may hold at most 65536 bytes (64 KiB)',
      'line 3: column confidence: "9" is not a whole number from 1 to 5',
    ]);
    expect(await storeContents(db)).toBe(before);
  });

  it('stops at a record over 1 MiB, still listing the problems before it', async () => {
    const huge = 'x'.repeat(2 * 1024 * 1024);
    const csv = `${FEEDBACK_HEADER}\nX1,loc-1,01/11/2026,nurse,9,none,\nX2,loc-1,01/11/2026,nurse,3,none,${huge}\nX3,loc-1,01/11/2026,nurse,0,none,\n`;
    const { header, lines } = await problemLines(importText(db, 'feedback', csv));
    // Line 4 (confidence 0) lies after the break and is not read.
    expect(header).toBe('feedback.csv: 2 problems, nothing written:');
    expect(lines[0]).toBe('line 2: column confidence: "9" is not a whole number from 1 to 5');
    expect(lines[1]).toBe(
      'line 3: a record is longer than 1 MiB; the file is not read further. A quote (") opened and never closed makes the rest of the file one field; a cell may hold at most 64 KiB',
    );
    expect(await storeContents(db)).toBe(before);
  });

  it('names where a quote left open swallowed the file, and skips reference checks after the break', async () => {
    // Line 2 refers to N9, which a later line would define; after the break it is unknown, so not "points nowhere".
    // Lines 4.. are 63 characters + newline = 64 bytes each, inside the quote opened on line 3.
    const filler = Array.from({ length: 20_000 }, (_, i) => `F${String(i).padStart(6, '0')},loc-02,01/11/2026,care_plan,pass,pass,pass,pass,,AUD-20`).join(
      '\n',
    );
    expect(filler.split('\n')[0]?.length).toBe(63);
    const csv = `${AUDITS_HEADER}\n${audit('N1', 'loc-02', '20/11/2026', 'care_plan', 'N9')}\n${audit('N2', 'loc-02', '21/11/2026', 'care_plan', '"')}\n${filler}\n${audit('N9', 'loc-02', '19/11/2026', 'care_plan', '')}\n`;
    const { header, lines } = await problemLines(importText(db, 'audits', csv));
    expect(header).toBe('audits.csv: 1 problem, nothing written:');
    // csv-parse stops when the record's bytes so far + the open field's bytes pass 1 MiB. Line 3's closed fields hold
    // N2 (2) + loc-02 (6) + 21/11/2026 (10) + care_plan (9) + pass × 4 (16) + empty gap_cause (0) = 43 bytes, so it stops
    // as the open field reaches 1 048 576 − 43 + 1 = 1 048 534 bytes: "\n" after the quote (1) + 16 383 whole filler lines
    // (64 × 16 383 = 1 048 512) + 21 bytes into the next one, filler line 16 384 = file line 3 + 16 384 = 16 387.
    expect(lines).toEqual([
      'line 16387: a record is longer than 1 MiB (it starts after line 2); the file is not read further. A quote (") opened and never closed makes the rest of the file one field; a cell may hold at most 64 KiB',
    ]);
  });
});
