/**
 * Imported location ids become the `location` label of the governance metrics. They
 * must be rows of ecm.locations when the store lives in the ECM database, and plain
 * ids (SAFE_LOCATION_ID) when it cannot be checked there; a cell that looks like a
 * spreadsheet formula never gets through. On PGlite and PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/types.ts';
import { importLog } from '../../src/governance/import/importer.ts';
import { locationCheckFor } from '../../src/governance/import/locations.ts';
import { ImportRejected } from '../../src/governance/import/problems.ts';
import { isSeparateStore, migrateGovernanceStore } from '../../src/governance/store.ts';
import { migrateReferenceSchema } from '../../src/migrate.ts';
import { databaseTargets } from '../support/databases.ts';
import { FEEDBACK_HEADER, IMPORT_NOW, importText } from './import-support.ts';

async function messageOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ImportRejected);
  return error instanceof Error ? error.message : '';
}

const feedback = (rows: string[]): string => [FEEDBACK_HEADER, ...rows.map((location, i) => `X${i + 1},${location},01/11/2026,nurse,3,none,`)].join('\n');
const staffFeedbackRows = async (db: Db): Promise<number> =>
  (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM adoption.staff_feedback')).rows[0]?.n ?? -1;

describe.each(databaseTargets())('location ids on $name', (target) => {
  describe('a store without a readable ecm.locations: plain ids only', () => {
    let db: Db;
    beforeAll(async () => {
      db = await target.create();
      await migrateGovernanceStore(db);
    });
    afterAll(async () => {
      await db.close();
    });

    it('rejects formula-looking and unplain ids with line, column and why, writing nothing', async () => {
      const csv = feedback(['"=HYPERLINK(""http://x.example"",""open"")"', '+441234', '-2', '@SUM(A1)', 'Home 1', 'loc-1']);
      const message = await messageOf(importText(db, 'feedback', csv));
      const why = 'ecm.locations is not readable in this database, so only plain ids are accepted';
      expect(message).toBe(
        [
          'feedback.csv: 5 problems, nothing written:',
          '  line 2: column location_id: "=HYPERLINK(\\"http://x.example\\",\\"open\\")" looks like a spreadsheet formula (it starts with "="): a location id never does',
          '  line 3: column location_id: "+441234" looks like a spreadsheet formula (it starts with "+"): a location id never does',
          '  line 4: column location_id: "-2" looks like a spreadsheet formula (it starts with "-"): a location id never does',
          '  line 5: column location_id: "@SUM(A1)" looks like a spreadsheet formula (it starts with "@"): a location id never does',
          `  line 6: column location_id: "Home 1" is not a plain location id (1-64 letters, digits and . _ -, starting with a letter or digit); ${why}`,
        ].join('\n'),
      );
      expect(await staffFeedbackRows(db)).toBe(0);
    });

    it('accepts plain ids and says how it checked them', async () => {
      const summary = await importText(db, 'feedback', feedback(['loc-1', 'Home_2.annexe']));
      expect(summary).toMatchObject({ inserted: 2, locations: { kind: 'pattern', why: 'ecm.locations is not readable in this database' } });
    });
  });

  describe('a store in the ECM database: rows of ecm.locations', () => {
    let db: Db;
    const role = `ecm_no_read_${randomBytes(4).toString('hex')}`;
    beforeAll(async () => {
      db = await target.create();
      await migrateReferenceSchema(db);
      await migrateGovernanceStore(db);
      // A vendor's id may be anything the vendor uses ("Home 3" has a space); it is known, so it is accepted.
      await db.exec(`INSERT INTO ecm.locations (location_id, name, service_type, go_live_date) VALUES
        ('loc-01', 'Oak House', 'residential', '2026-01-05'), ('loc-02', 'Elm Lodge', 'nursing', '2026-01-05'), ('Home 3', 'Ash Court', 'homecare', '2026-01-05')`);
      await db.exec(`CREATE ROLE ${role} NOLOGIN; GRANT USAGE ON SCHEMA ecm TO ${role}`);
    });
    afterAll(async () => {
      await db.exec(`DROP OWNED BY ${role}; DROP ROLE ${role}`);
      await db.close();
    });
    beforeEach(async () => {
      await db.exec('TRUNCATE adoption.staff_feedback');
    });

    it('rejects ids that are not locations, suggesting the one differing only in case', async () => {
      const message = await messageOf(importText(db, 'feedback', feedback(['loc-02', 'Home 3', 'LOC-01', 'loc-99', '=loc-01'])));
      expect(message).toBe(
        [
          'feedback.csv: 3 problems, nothing written:',
          '  line 4: column location_id: "LOC-01" is not a location in ecm.locations (did you mean "loc-01"?)',
          '  line 5: column location_id: "loc-99" is not a location in ecm.locations',
          '  line 6: column location_id: "=loc-01" looks like a spreadsheet formula (it starts with "="): a location id never does',
        ].join('\n'),
      );
      expect(await staffFeedbackRows(db)).toBe(0);
      // 3 locations inserted above.
      expect(await importText(db, 'feedback', feedback(['loc-02', 'Home 3', 'loc-01']))).toMatchObject({ inserted: 3, locations: { kind: 'ecm', known: 3 } });
    });

    it('holds a store known to be separate to plain ids, whatever its ecm schema says', async () => {
      const importSeparate = (csv: string) =>
        importLog(db, {
          log: 'feedback',
          source: Readable.from([Buffer.from(csv)]),
          label: 'feedback.csv',
          dryRun: false,
          now: IMPORT_NOW,
          separateStore: true,
        });
      const message = await messageOf(importSeparate(feedback(['Home 3'])));
      expect(message).toContain(
        'line 2: column location_id: "Home 3" is not a plain location id (1-64 letters, digits and . _ -, starting with a letter or digit); the governance store is a separate database',
      );
      expect(await importSeparate(feedback(['loc-99']))).toMatchObject({
        inserted: 1,
        locations: { kind: 'pattern', why: 'the governance store is a separate database' },
      });
    });

    it('falls back to plain ids when the importing role cannot read ecm.locations', async () => {
      const asRole = () =>
        db.transaction(async (tx) => {
          await tx.query(`SET LOCAL ROLE ${role}`);
          return locationCheckFor(tx, false);
        });
      expect(await asRole()).toEqual({ kind: 'pattern', why: 'ecm.locations is not readable in this database' });
      await db.exec(`GRANT SELECT ON ecm.locations TO ${role}`);
      expect(await asRole()).toEqual({ kind: 'ecm', ids: new Set(['loc-01', 'loc-02', 'Home 3']) });
    });
  });
});

describe('which store counts as separate (the CLI decides from the environment)', () => {
  const ecm = 'postgres://reader@db/ecm';
  const adoption = 'postgres://gov@db/adoption';
  it.each([
    ['GOVERNANCE_DATABASE_URL set and different: separate', { DATABASE_URL: ecm, GOVERNANCE_DATABASE_URL: adoption }, adoption, true],
    ['GOVERNANCE_DATABASE_URL alone: separate', { GOVERNANCE_DATABASE_URL: adoption }, adoption, true],
    ['the same URL twice: the ECM database', { DATABASE_URL: ecm, GOVERNANCE_DATABASE_URL: ecm }, ecm, false],
    ['only DATABASE_URL: the ECM database', { DATABASE_URL: ecm }, ecm, false],
    ['--database-url naming DATABASE_URL: the ECM database', { DATABASE_URL: ecm, GOVERNANCE_DATABASE_URL: adoption }, ecm, false],
    ['no environment: decided by what the database holds', {}, adoption, false],
  ])('%s', (_name, env, url, separate) => {
    expect(isSeparateStore(url, env)).toBe(separate);
  });
});
