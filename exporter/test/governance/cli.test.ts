import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as cli } from '../support/cli.ts';
import { createScratchPostgres } from '../support/databases.ts';
import { FEEDBACK_HEADER } from './import-support.ts';

const TEMPLATES = fileURLToPath(new URL('../../../provisioning/templates/', import.meta.url));

// The CLI talks to a server by URL, so these run on real PostgreSQL (TEST_DATABASE_URL).
const adminUrl = process.env.TEST_DATABASE_URL;
describe.skipIf(!adminUrl)('the import CLI on PostgreSQL (needs TEST_DATABASE_URL)', () => {
  let db: Awaited<ReturnType<typeof createScratchPostgres>>;
  let dir: string;
  beforeAll(async () => {
    if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
    db = await createScratchPostgres(adminUrl);
    dir = await mkdtemp(path.join(os.tmpdir(), 'ecm-governance-cli-'));
  });
  afterAll(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('migrates, imports with a summary, re-imports unchanged, and rejects bad input with exit 2', async () => {
    // GOVERNANCE_DATABASE_URL is the default store URL.
    const migrated = await cli(['migrate-governance'], { GOVERNANCE_DATABASE_URL: db.url, DATABASE_URL: '' });
    expect(migrated).toMatchObject({ code: 0, stdout: 'migrated: adoption/001_governance_store.sql, adoption/002_issue_log_receiver.sql\n' });

    const file = path.join(TEMPLATES, 'feedback.csv');
    const dry = await cli(['import', 'feedback', file, '--database-url', db.url, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('3 rows valid; dry run, nothing written; would have inserted 3, updated 0, unchanged 0');
    const first = await cli(['import', 'feedback', file, '--database-url', db.url]);
    expect(first.stdout).toContain('3 rows valid; done inserted 3, updated 0, unchanged 0');
    expect(first.stderr).toContain('import feedback: 3 rows read');
    const again = await cli(['import', 'feedback', file, '--database-url', db.url]);
    expect(again.stdout).toContain('inserted 0, updated 0, unchanged 3');

    const bad = path.join(dir, 'bad.csv');
    await writeFile(bad, `${FEEDBACK_HEADER}\nX1,loc-1,01/11/2026,nurse,7,none,\n`);
    const rejected = await cli(['import', 'feedback', bad, '--database-url', db.url]);
    expect(rejected.code).toBe(2);
    expect(rejected.stderr).toContain(
      `ecm-adoption-exporter: ${bad}: 1 problem, nothing written:\n  line 2: column confidence: "7" is not a whole number from 1 to 5`,
    );
    const missing = await cli(['import', 'feedback', path.join(dir, 'none.csv'), '--database-url', db.url]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read');
    const wrongLog = await cli(['import', 'rota', file, '--database-url', db.url]);
    expect(wrongLog.code).toBe(2);
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM adoption.staff_feedback');
    expect(rows[0]?.n).toBe(3);
  });
});
