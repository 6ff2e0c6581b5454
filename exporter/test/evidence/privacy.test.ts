/**
 * No staff or resident identifier anywhere in the pack: seed the small profile (stories
 * and governance logs), generate the pack of every location, and look for every staff
 * and service-user id the database holds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/types.ts';
import { generateEvidence } from '../../src/evidence/generate.ts';
import { renderEvidenceHtml } from '../../src/evidence/render/document.ts';
import { DEFAULT_INDICATOR_SETTINGS } from '../../src/indicators/settings.ts';
import { seedGovernanceLogs } from '../../src/seed/governance-logs.ts';
import { seedDatabase } from '../../src/seed/index.ts';
import { databaseTargets } from '../support/databases.ts';

const NOW = new Date('2026-11-25T10:00:00Z');

const PEOPLE_SQL = `
  SELECT staff_id AS id FROM ecm.staff
  UNION SELECT staff_id FROM ecm.shifts UNION SELECT service_user_id FROM ecm.shifts WHERE service_user_id IS NOT NULL
  UNION SELECT staff_id FROM ecm.sessions
  UNION SELECT service_user_id FROM ecm.tasks UNION SELECT completed_by FROM ecm.tasks WHERE completed_by IS NOT NULL
  UNION SELECT service_user_id FROM ecm.care_notes UNION SELECT staff_id FROM ecm.care_notes
  UNION SELECT service_user_id FROM ecm.alerts WHERE service_user_id IS NOT NULL`;

describe.each(databaseTargets())('no identifier in the evidence pack of the seeded small profile ($name)', (target) => {
  let db: Db;
  let html: string;
  let people: string[];
  beforeAll(async () => {
    db = await target.create();
    await seedDatabase(db, { profile: 'small', seed: 7, now: NOW });
    await seedGovernanceLogs(db, { profile: 'small', seed: 7, now: NOW });
    people = (await db.query<{ id: string }>(PEOPLE_SQL)).rows.map((row) => row.id);
    const pack = await generateEvidence(
      {
        ecm: db,
        governance: db,
        settings: DEFAULT_INDICATOR_SETTINGS,
        statementTimeoutMs: 60_000,
        now: NOW,
        version: 'test',
        ecmSource: 'seeded',
        governanceSource: 'seeded',
      },
      { scope: { kind: 'all' } },
    );
    html = renderEvidenceHtml(pack, DEFAULT_INDICATOR_SETTINGS);
  });
  afterAll(async () => {
    await db.close();
  });

  it('holds a real pack (the check below is not vacuous)', () => {
    // The small home: 40 residents and its staff, both kinds of id present.
    expect(people.filter((id) => id.startsWith('su-')).length).toBe(40);
    expect(people.filter((id) => id.startsWith('stf-')).length).toBeGreaterThan(20);
    expect(html).toContain('data-location="loc-01"');
    expect(html.match(/class="point"/g)?.length).toBeGreaterThan(50);
  });

  it('contains none of the staff and service-user ids of the database', () => {
    const found = people.filter((id) => html.includes(id));
    expect(found).toEqual([]);
    // Nor anything shaped like one (the generator's stf-NN-NNNN and su-NN-NNNN).
    expect(html.match(/\b(?:stf|su)-\d{2}-\d{4}\b/g)).toBeNull();
  });
});
