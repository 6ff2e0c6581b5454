import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/types.ts';
import { ImportRejected } from '../../src/governance/import/problems.ts';
import { LOG_NAMES, type LogName } from '../../src/governance/import/logs.ts';
import { migrateGovernanceStore } from '../../src/governance/store.ts';
import { UserError } from '../../src/errors.ts';
import { databaseTargets } from '../support/databases.ts';
import { AUDITS_HEADER, FEEDBACK_HEADER, importText, storeContents } from './import-support.ts';

const TEMPLATES = fileURLToPath(new URL('../../../provisioning/templates/', import.meta.url));
const template = (log: LogName) => readFile(`${TEMPLATES}${log}.csv`);
const TABLES = ['record_audits', 'staff_feedback', 'adoption_issues', 'corrective_actions', 'governance_reviews'];

/** The import must fail with ImportRejected whose message contains every expected fragment. */
async function rejected(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ImportRejected);
  return error instanceof Error ? error.message : '';
}

describe.each(databaseTargets())('governance import on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await target.create();
    await migrateGovernanceStore(db);
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.exec(`TRUNCATE ${TABLES.map((table) => `adoption.${table}`).join(', ')}`);
  });

  async function importTemplates(): Promise<void> {
    for (const log of LOG_NAMES) await importText(db, log, await template(log));
  }

  it('round-trips every template (CRLF, UK and ISO dates), then a re-import changes nothing', async () => {
    for (const log of LOG_NAMES) {
      // Each template has 3 example rows; actions link the issues and audits imported before them.
      expect(await importText(db, log, await template(log))).toMatchObject({ rows: 3, inserted: 3, updated: 0, unchanged: 0 });
    }
    const { rows } = await db.query<{ audited_at: Date; follow_up_of: string | null }>(
      `SELECT audited_at, follow_up_of FROM adoption.record_audits ORDER BY audit_id`,
    );
    // 02/11/2026 10:30 is GMT (UTC+0); 03/11/2026 is midnight; 2026-11-24T15:00 is UK local = UTC in November.
    expect(rows.map((row) => row.audited_at.toISOString())).toEqual(['2026-11-02T10:30:00.000Z', '2026-11-03T00:00:00.000Z', '2026-11-24T15:00:00.000Z']);
    expect(rows[2]?.follow_up_of).toBe('AUD-2026-001');
    const themes = await db.query<{ themes: string[] }>(`SELECT themes FROM adoption.staff_feedback WHERE response_id = 'FB-0002'`);
    expect(themes.rows[0]?.themes).toEqual(['night_notes', 'handheld_devices']); // "night notes;handheld devices"
    const before = await storeContents(db);
    for (const log of LOG_NAMES) {
      expect(await importText(db, log, await template(log))).toMatchObject({ rows: 3, inserted: 0, updated: 0, unchanged: 3 });
    }
    expect(await storeContents(db)).toBe(before);
  });

  it('counts a changed row as updated and a new one as inserted', async () => {
    await importTemplates();
    const changed = (await template('feedback'))
      .toString('utf8')
      .replace('FB-0001,loc-02,10/11/2026 09:15,care_worker,4', 'FB-0001,loc-02,10/11/2026 09:15,care_worker,5');
    const extra = `${changed}FB-0009,loc-03,2026-11-20,manager,3,none,\r\n`;
    expect(await importText(db, 'feedback', extra)).toMatchObject({ rows: 4, inserted: 1, updated: 1, unchanged: 2 });
  });

  it('--dry-run validates and counts but writes nothing', async () => {
    const summary = await importText(db, 'audits', await template('audits'), { dryRun: true });
    expect(summary).toMatchObject({ dryRun: true, rows: 3, inserted: 3 });
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM adoption.record_audits');
    expect(rows[0]?.n).toBe(0);
  });

  it('reads UTF-8 with a BOM, and UK dates day first in UK local time (BST in summer)', async () => {
    const csv = `\uFEFF${FEEDBACK_HEADER}\r\nX1,loc-1,03/04/2026 10:00,nurse,3,none,\r\nX2,loc-1,25/10/2026 01:30,nurse,3,none,Café\r\n`;
    expect(await importText(db, 'feedback', csv)).toMatchObject({ inserted: 2 });
    const { rows } = await db.query<{ submitted_at: Date; themes: string[] }>('SELECT submitted_at, themes FROM adoption.staff_feedback ORDER BY response_id');
    // 3 April 2026 (not 4 March) 10:00 BST = 09:00 UTC.
    expect(rows[0]?.submitted_at.toISOString()).toBe('2026-04-03T09:00:00.000Z');
    // 01:30 on 25 Oct 2026 happens twice (clocks go back at 02:00 BST): the first, BST, is taken = 00:30 UTC.
    expect(rows[1]?.submitted_at.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(rows[1]?.themes).toEqual(['café']);
  });

  describe('bad input: clear error, store untouched', () => {
    let before: string;
    beforeEach(async () => {
      await importTemplates();
      before = await storeContents(db);
    });

    async function expectRejected(log: LogName, csv: string, ...fragments: string[]): Promise<string> {
      const message = await rejected(importText(db, log, csv));
      for (const fragment of fragments) expect(message).toContain(fragment);
      expect(await storeContents(db)).toBe(before);
      return message;
    }

    it('wrong header', async () => {
      await expectRejected(
        'audits',
        `audit_id,location_id,audit_date,record_type,complete,person_specific,timely,correct_section,gap_cause,follow_up_of\nN1,loc-1,01/11/2026,care_plan,pass,pass,pass,pass,,\n`,
        'line 1: the header does not match the audits template',
        'missing column(s) audited_at',
        'unknown column(s) "audit_date"',
      );
    });

    it('missing header (the file starts with a data row)', async () => {
      await expectRejected(
        'audits',
        `N1,loc-1,01/11/2026,care_plan,pass,pass,pass,pass,,\n`,
        'line 1: the header does not match',
        `Expected: ${AUDITS_HEADER}`,
      );
    });

    it('the header of another log names the right command', async () => {
      await expectRejected(
        'audits',
        `${FEEDBACK_HEADER}\nX1,loc-1,01/11/2026,nurse,3,none,\n`,
        'this is the header of the feedback template: import it with `import feedback`',
      );
    });

    it('bad dates and day/month swaps', async () => {
      const csv = `${FEEDBACK_HEADER}\nX1,loc-1,31/02/2026,nurse,3,none,\nX2,loc-1,11/13/2026,nurse,3,none,\nX3,loc-1,yesterday,nurse,3,none,\nX4,loc-1,29/03/2026 01:30,nurse,3,none,\nX5,loc-1,01/12/2026,nurse,3,none,\nX6,loc-1,01/11/26,nurse,3,none,\n`;
      await expectRejected(
        'feedback',
        csv,
        '6 problems, nothing written',
        'line 2: column submitted_at: "31/02/2026" is not a calendar date',
        'line 3: column submitted_at: "11/13/2026" has month 13 (dates are read day first, DD/MM/YYYY)',
        'line 4: column submitted_at: "yesterday" is not a date',
        'line 5: column submitted_at: "29/03/2026 01:30" does not exist in UK local time',
        // 1 December is after now (25 November): a future submission is most likely a swapped date.
        'line 6: column submitted_at: "01/12/2026" is in the future',
        'line 7: column submitted_at: "01/11/26" has a two-digit year',
      );
    });

    it('confidence 7 and other bad values, each with line and column', async () => {
      const csv = `${FEEDBACK_HEADER}\nX1,loc-1,01/11/2026,nurse,7,none,\nX2,loc-1,01/11/2026,carer,3,training,\nX3,loc-1,01/11/2026,nurse,3,none\n`;
      await expectRejected(
        'feedback',
        csv,
        'line 2: column confidence: "7" is not a whole number from 1 to 5',
        'line 3: column role: "carer" is not one of care_worker',
        'line 4: has 6 fields, the header has 7',
      );
    });

    it('duplicate ids in one file', async () => {
      const csv = `${FEEDBACK_HEADER}\nX1,loc-1,01/11/2026,nurse,3,none,\nX2,loc-1,01/11/2026,nurse,3,none,\nX1,loc-1,02/11/2026,nurse,4,none,\n`;
      await expectRejected('feedback', csv, 'line 4: column response_id: "X1" is already on line 2: ids must be unique in a file');
    });

    it('follow_up_of pointing nowhere (neither in the file nor in the store)', async () => {
      const csv = `${AUDITS_HEADER}\nN1,loc-02,20/11/2026,care_plan,pass,pass,pass,pass,,AUD-2026-002\nN2,loc-02,21/11/2026,care_plan,pass,pass,pass,pass,,N9\n`;
      await expectRejected('audits', csv, '1 problem', 'line 3: column follow_up_of: "N9" points nowhere: no audit_id "N9" in this file or in the store');
    });

    it('a follow-up of another location or of a later audit', async () => {
      const csv = `${AUDITS_HEADER}\nN1,loc-03,20/11/2026,care_plan,pass,pass,pass,pass,,AUD-2026-002\nN2,loc-02,01/11/2026,care_plan,pass,pass,pass,pass,,AUD-2026-002\n`;
      await expectRejected(
        'audits',
        csv,
        'line 2: column follow_up_of: re-checks audit "AUD-2026-002" of another location (loc-02)',
        'line 3: column follow_up_of: re-checks audit "AUD-2026-002" which is not earlier',
      );
    });

    it('actions linking an issue that is not in the store', async () => {
      const csv = (await template('actions')).toString('utf8').replace('ACT-033,,supplier_request,ISS-015', 'ACT-033,,supplier_request,ISS-999');
      await expectRejected(
        'actions',
        csv,
        'line 4: column linked_issue_id: "ISS-999" points nowhere: no issue_id "ISS-999" in the store (import that log first)',
      );
    });

    it('an empty file, a file with only a BOM, and a header without rows', async () => {
      await expectRejected('audits', '', 'the file is empty: expected the header line audit_id,location_id');
      await expectRejected('audits', '\uFEFF\r\n', 'the file is empty');
      await expectRejected('audits', `${AUDITS_HEADER}\r\n`, 'the file has a header but no rows');
    });

    it('a file that is not UTF-8 (Windows-1252 from a spreadsheet)', async () => {
      const bytes = Buffer.concat([Buffer.from(`${FEEDBACK_HEADER}\nX1,loc-1,01/11/2026,nurse,3,none,caf`), Buffer.from([0xe9]), Buffer.from('\n')]);
      const message = await rejected(importText(db, 'feedback', bytes));
      expect(message).toContain('line 2: column themes: is not valid UTF-8');
      expect(await storeContents(db)).toBe(before);
    });

    it('broken CSV quoting', async () => {
      await expectRejected('feedback', `${FEEDBACK_HEADER}\nX1,loc-1,01/11/2026,nurse,3,none,"open quote\n`, 'the file is not valid CSV');
    });

    it('lists the first 200 problems and counts the rest; good rows before a bad one are not kept', async () => {
      const good = Array.from({ length: 50 }, (_, i) => `G${i},loc-1,01/11/2026,nurse,3,none,`);
      const bad = Array.from({ length: 250 }, (_, i) => `B${i},loc-1,01/11/2026,nurse,9,none,`);
      const message = await expectRejected(
        'feedback',
        `${FEEDBACK_HEADER}\n${[...good, ...bad].join('\n')}\n`,
        '250 problems, nothing written',
        '... and 50 more',
      );
      // Lines 52..251 listed (header = 1, 50 good rows = 2..51), the 201st (line 252) not.
      expect(message).toContain('line 251: column confidence');
      expect(message).not.toContain('line 252:');
    });
  });
});

describe.each(databaseTargets())('governance import without a store on $name', (target) => {
  it('says to run migrate-governance and creates nothing', async () => {
    const db = await target.create();
    try {
      const error = await importText(db, 'reviews', 'review_id,location_id,reviewed_at,forum,cadence,decisions\nR1,,01/11/2026,project_board,weekly,\n').then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(UserError);
      expect(error instanceof Error ? error.message : '').toContain('run `ecm-adoption-exporter migrate-governance` first');
      const { rows } = await db.query<{ present: boolean }>(`SELECT to_regclass('adoption.governance_reviews') IS NOT NULL AS present`);
      expect(rows[0]?.present).toBe(false);
    } finally {
      await db.close();
    }
  });
});
