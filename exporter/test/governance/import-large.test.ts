import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../src/governance/import/importer.ts';
import { migrateGovernanceStore } from '../../src/governance/store.ts';
import { createPgliteDb } from '../../src/db/pglite.ts';
import { createScratchPostgres } from '../support/databases.ts';
import { AUDITS_HEADER, IMPORT_NOW } from './import-support.ts';

const TARGET_BYTES = 50 * 1024 * 1024;
const MB = 1024 * 1024;

/** Writes a ~50 MB audits CSV (CRLF, UK dates) to a temp file and returns its row count. */
async function writeLargeAudits(file: string): Promise<number> {
  const out = createWriteStream(file);
  out.write(`${AUDITS_HEADER}\r\n`);
  let bytes = 0;
  let rows = 0;
  while (bytes < TARGET_BYTES) {
    const lines: string[] = [];
    for (let i = 0; i < 5000; i += 1, rows += 1) {
      const day = String((rows % 28) + 1).padStart(2, '0');
      const fail = rows % 7 === 0;
      lines.push(
        `AUD-${String(rows).padStart(8, '0')},loc-${String(rows % 40).padStart(2, '0')},${day}/10/2026 ${String(rows % 24).padStart(2, '0')}:15,daily_note,pass,${fail ? 'fail' : 'pass'},pass,pass,${fail ? 'training' : ''},\r\n`,
      );
    }
    const chunk = lines.join('');
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return rows;
}

const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
// Below what holding a 50 MB file's rows would take (hundreds of MB of strings and objects):
// the import only finishes under this heap limit because it streams.
const HEAP_LIMIT_MB = 128;

describe('a 50 MB import', () => {
  let dir: string;
  let file: string;
  let rows: number;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ecm-governance-'));
    file = path.join(dir, 'audits.csv');
    rows = await writeLargeAudits(file);
    expect((await stat(file)).size).toBeGreaterThanOrEqual(TARGET_BYTES);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('on PGlite, in process: the heap grows far less than the file would take', async () => {
    const db = await createPgliteDb();
    try {
      await migrateGovernanceStore(db);
      const baseline = process.memoryUsage().heapUsed;
      let peak = baseline;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }, 20);
      try {
        const summary = await importFile(db, file, { log: 'audits', dryRun: false, now: IMPORT_NOW });
        expect(summary).toMatchObject({ rows, inserted: rows, updated: 0, unchanged: 0 });
      } finally {
        clearInterval(sampler);
      }
      const growthMb = (peak - baseline) / MB;
      process.stdout.write(`50 MB import on pglite: ${rows} rows, peak heap growth ${growthMb.toFixed(0)} MB\n`);
      // One batch plus the id index (to report duplicates) is held; garbage not yet collected counts too.
      expect(growthMb).toBeLessThan(150);
      const { rows: counted } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM adoption.record_audits');
      expect(counted[0]?.n).toBe(rows);
    } finally {
      await db.close();
    }
  }, 600_000);

  const adminUrl = process.env.TEST_DATABASE_URL;
  describe.skipIf(!adminUrl)('on PostgreSQL through the CLI (needs TEST_DATABASE_URL)', () => {
    it(`finishes with the heap capped at ${HEAP_LIMIT_MB} MB`, async () => {
      if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
      const db = await createScratchPostgres(adminUrl);
      try {
        await migrateGovernanceStore(db);
        const started = Date.now();
        const { stdout, stderr } = await promisify(execFile)(
          process.execPath,
          [`--max-old-space-size=${HEAP_LIMIT_MB}`, '--import', 'tsx', CLI, 'import', 'audits', file, '--database-url', db.url],
          { maxBuffer: 16 * MB },
        );
        process.stdout.write(`50 MB import on postgres (CLI, heap cap ${HEAP_LIMIT_MB} MB): ${rows} rows in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
        expect(stderr).toContain(`import audits: ${rows} rows read`);
        expect(stdout).toContain(`${rows} rows valid; done inserted ${rows}, updated 0, unchanged 0`);
        const { rows: counted } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM adoption.record_audits');
        expect(counted[0]?.n).toBe(rows);
      } finally {
        await db.close();
      }
    }, 600_000);
  });
});
