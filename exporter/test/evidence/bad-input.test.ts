/**
 * Bad input to the evidence pack: a clear one-line error before anything is written
 * (exit 2 from the CLI), or an honest "no data" section, never an error page or an
 * empty chart.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/types.ts';
import { startOfLocalDay } from '../../src/engine/domain-time.ts';
import { generateEvidence } from '../../src/evidence/generate.ts';
import { renderEvidenceHtml } from '../../src/evidence/render/document.ts';
import { EvidenceInputError, parseEvidenceRequest, resolvePeriod } from '../../src/evidence/request.ts';
import { migrateReferenceSchema } from '../../src/migrate.ts';
import { runCli as cli } from '../support/cli.ts';
import { createScratchPostgres, databaseTargets } from '../support/databases.ts';
import { insert } from '../support/fixtures.ts';
import { insertEcmFixture, insertGovernanceFixture, NOW, SETTINGS } from './fixture.ts';

const home = { locationId: 'home', name: 'Home', serviceType: 'residential', goLiveDate: '2026-01-05', timezone: 'Europe/London' };

describe('parseEvidenceRequest', () => {
  it.each([
    [{ location: 'home', from: '2026-02-01', to: '2026-01-01' }, 'from (2026-02-01) is after to (2026-01-01)'],
    [{ location: 'home', from: '2026-02-30' }, 'from: not a calendar date "2026-02-30" (expected YYYY-MM-DD, e.g. 2026-09-01)'],
    [{ location: 'home', to: '01/02/2026' }, 'to: not a calendar date "01/02/2026" (expected YYYY-MM-DD, e.g. 2026-09-01)'],
    [{}, 'say which location: --location ID (or --all for every location)'],
    [{ location: 'home', all: true }, 'give either --location ID or --all, not both'],
  ])('%j -> %s', (flags, message) => {
    expect(() => parseEvidenceRequest(flags)).toThrow(new EvidenceInputError(message));
  });

  it('accepts a location with an optional range, or every location', () => {
    expect(parseEvidenceRequest({ location: 'home', from: '2026-01-01', to: '2026-01-01' })).toEqual({
      scope: { kind: 'location', locationId: 'home' },
      from: '2026-01-01',
      to: '2026-01-01',
    });
    expect(parseEvidenceRequest({ all: true })).toEqual({ scope: { kind: 'all' }, from: undefined, to: undefined });
  });
});

describe('resolvePeriod', () => {
  const request = (from?: string, to?: string) => ({ scope: { kind: 'location' as const, locationId: 'home' }, from, to });

  it('clips to go-live and to today, and says so', () => {
    const period = resolvePeriod(request('2025-12-01', '2026-12-31'), home, NOW, startOfLocalDay);
    if (!period.ok) throw new Error(period.reason);
    expect([period.from, period.to, period.firstMonday, period.ends.toISOString()]).toEqual(['2026-01-05', '2026-03-04', '2026-01-05', NOW.toISOString()]);
    expect(period.notes).toEqual([
      'The period asked for starts on 1 Dec 2025, before go-live: it starts at go-live (5 Jan 2026).',
      'The period asked for ends on 31 Dec 2026, after today: it ends today (4 Mar 2026).',
    ]);
  });

  it('starts review periods on a whole week: the Monday of `from`, or the first Monday after go-live', () => {
    const midWeek = resolvePeriod(request('2026-02-04', '2026-02-20'), home, NOW, startOfLocalDay);
    expect(midWeek.ok && [midWeek.firstMonday, midWeek.ends.toISOString(), midWeek.notes]).toEqual([
      '2026-02-02',
      '2026-02-21T00:00:00.000Z',
      ['Review periods are whole calendar weeks (Monday to Sunday): the first starts on 2 Feb 2026.'],
    ]);
    const wednesdayGoLive = resolvePeriod(request(), { ...home, goLiveDate: '2026-01-07' }, NOW, startOfLocalDay);
    expect(wednesdayGoLive.ok && wednesdayGoLive.firstMonday).toBe('2026-01-12');
  });

  it('refuses a period before go-live, after today, or before the first whole week', () => {
    expect(resolvePeriod(request('2025-11-01', '2025-12-31'), home, NOW, startOfLocalDay)).toEqual({
      ok: false,
      reason: 'the period ends (2025-12-31) before home went live (2026-01-05)',
    });
    expect(resolvePeriod(request('2026-03-05'), home, NOW, startOfLocalDay)).toEqual({
      ok: false,
      reason: 'the period starts after today (2026-03-04) at home',
    });
    const justLive = resolvePeriod(request(), { ...home, goLiveDate: '2026-03-03' }, NOW, startOfLocalDay);
    expect(justLive).toEqual({
      ok: false,
      reason: 'no review period has started yet at home: the first whole week after go-live (2026-03-03) starts on 2026-03-09',
    });
  });
});

const context = (db: Db) => ({
  ecm: db,
  governance: db,
  settings: SETTINGS,
  statementTimeoutMs: 10_000,
  now: NOW,
  version: 'test',
  ecmSource: 'a',
  governanceSource: 'b',
});

describe.each(databaseTargets())('bad input against a database ($name)', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await target.create();
    await migrateReferenceSchema(db);
    await insertEcmFixture(db);
    // A second location that goes live after the period asked for below.
    await insert(db, 'locations', [{ location_id: 'later', name: 'Later Home', go_live_date: '2026-03-01' }]);
  });
  afterAll(async () => {
    await db.close();
  });

  it('an unknown location is a 404-style error naming the known ones', async () => {
    await expect(generateEvidence(context(db), { scope: { kind: 'location', locationId: 'nowhere' } })).rejects.toThrow(
      new EvidenceInputError('unknown location "nowhere" (known: home, later)', 404),
    );
  });

  it('a period before go-live: an error for one location, an honest section among all', async () => {
    const request = { from: '2026-01-01', to: '2026-02-15' };
    await expect(generateEvidence(context(db), { scope: { kind: 'location', locationId: 'later' }, ...request })).rejects.toThrow(
      'the period ends (2026-02-15) before later went live (2026-03-01)',
    );
    const pack = await generateEvidence(context(db), { scope: { kind: 'all' }, ...request });
    expect(pack.locations.map((l) => [l.location.locationId, l.kind])).toEqual([
      ['home', 'evidence'],
      ['later', 'no_data'],
    ]);
    const html = renderEvidenceHtml(pack, SETTINGS);
    expect(html).toContain('No data for this location in the period: the period ends (2026-02-15) before later went live (2026-03-01).');
  });

  it('a governance store that was never migrated: honest sections, the indicators still shown', async () => {
    const pack = await generateEvidence(context(db), { scope: { kind: 'location', locationId: 'home' } });
    const html = renderEvidenceHtml(pack, SETTINGS);
    expect(html).toContain('The governance store (schema adoption) has not been set up, so there are no audits, feedback, issues, actions or reviews to show.');
    expect(html).toContain('The governance store (schema adoption) has not been set up: reviews cannot be shown.');
    expect(html).toContain('No governance records are available');
    expect(html.match(/class="point"/g)?.length).toBeGreaterThan(0);
  });

  it('an empty governance store: every part says there is nothing, no empty table', async () => {
    await insertGovernanceFixture(db);
    await db.exec(
      'TRUNCATE adoption.corrective_actions, adoption.record_audits, adoption.staff_feedback, adoption.adoption_issues, adoption.governance_reviews',
    );
    const html = renderEvidenceHtml(await generateEvidence(context(db), { scope: { kind: 'location', locationId: 'home' } }), SETTINGS);
    for (const text of [
      'No adoption issue was open at any time in this period.',
      'No corrective action was open at any time in this period.',
      'No record audit in this period.',
      'No staff feedback in this period.',
      "A governance review (the location's own or an organisation-wide one) was held in 0 of 6 complete review periods.",
    ]) {
      expect(html).toContain(text);
    }
  });
});

// The CLI connects by URL, so this part runs on real PostgreSQL (TEST_DATABASE_URL).
describe.each(process.env.TEST_DATABASE_URL ? [process.env.TEST_DATABASE_URL] : [])('the evidence-pack CLI on PostgreSQL', (adminUrl) => {
  let db: Awaited<ReturnType<typeof createScratchPostgres>>;
  let dir: string;
  beforeAll(async () => {
    db = await createScratchPostgres(adminUrl);
    await migrateReferenceSchema(db);
    await insertEcmFixture(db);
    dir = await mkdtemp(path.join(os.tmpdir(), 'ecm-evidence-cli-'));
  });
  afterAll(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    [['--location', 'nowhere'], 'ecm-adoption-exporter: unknown location "nowhere" (known: home)\n'],
    [['--location', 'home', '--from', '2026-02-01', '--to', '2026-01-01'], 'ecm-adoption-exporter: from (2026-02-01) is after to (2026-01-01)\n'],
    [['--location', 'home', '--to', '2025-12-31'], 'ecm-adoption-exporter: the period ends (2025-12-31) before home went live (2026-01-05)\n'],
    [['--location', 'home', '--from', '2026-1-5'], 'ecm-adoption-exporter: from: not a calendar date "2026-1-5" (expected YYYY-MM-DD, e.g. 2026-09-01)\n'],
  ])('%j: one line, exit 2, nothing written', async (args, stderr) => {
    const out = path.join(dir, 'pack.html');
    const result = await cli(['evidence-pack', ...args, '--out', out], { DATABASE_URL: db.url, GOVERNANCE_DATABASE_URL: '' });
    expect(result).toEqual({ code: 2, stdout: '', stderr });
    expect(await readdir(dir)).toEqual([]);
  });

  it('a database error is one line naming it, exit 1, nothing written', async () => {
    const empty = await createScratchPostgres(adminUrl); // no ecm schema
    try {
      const result = await cli(['evidence-pack', '--all', '--out', path.join(dir, 'pack.html')], { DATABASE_URL: empty.url, GOVERNANCE_DATABASE_URL: '' });
      expect(result).toEqual({
        code: 1,
        stdout: '',
        stderr: 'ecm-adoption-exporter: the evidence pack could not be computed: relation "ecm.locations" does not exist\n',
      });
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await empty.close();
    }
  });

  it('writes the pack, and exits 3 with printing instructions when there is no Chromium for the PDF', async () => {
    const out = path.join(dir, 'pack.html');
    const result = await cli(['evidence-pack', '--location', 'home', '--out', out, '--pdf', path.join(dir, 'pack.pdf')], {
      DATABASE_URL: db.url,
      GOVERNANCE_DATABASE_URL: '',
      CHROMIUM_PATH: path.join(dir, 'no-chromium'),
    });
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/^evidence pack written: .*pack\.html \(\d+ KiB, [\d.]+ s\)\n$/);
    expect(result.stderr).toContain('no PDF written: CHROMIUM_PATH=');
    expect(result.stderr).toContain('choose Print, set the destination to "Save as PDF", paper size A4');
    expect(await readdir(dir)).toEqual(['pack.html']);
  });
});
