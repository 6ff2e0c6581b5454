import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/types.ts';
import { importFile } from '../../src/governance/import/importer.ts';
import { migrateGovernanceStore } from '../../src/governance/store.ts';
import { databaseTargets } from '../support/databases.ts';
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
      lines.push(`AUD-${String(rows).padStart(8, '0')},loc-${String(rows % 40).padStart(2, '0')},${day}/10/2026 ${String(rows % 24).padStart(2, '0')}:15,daily_note,pass,${fail ? 'fail' : 'pass'},pass,pass,${fail ? 'training' : ''},\r\n`);
    }
    const chunk = lines.join('');
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return rows;
}

describe.each(databaseTargets())('a 50 MB import on $name', (target) => {
  let db: Db;
  let dir: string;
  let file: string;
  let rows: number;
  beforeAll(async () => {
    db = await target.create();
    await migrateGovernanceStore(db);
    dir = await mkdtemp(path.join(os.tmpdir(), 'ecm-governance-'));
    file = path.join(dir, 'audits.csv');
    rows = await writeLargeAudits(file);
  });
  afterAll(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('is streamed: the importer heap stays bounded while every row is written', async () => {
    expect((await stat(file)).size).toBeGreaterThanOrEqual(TARGET_BYTES);
    global.gc?.();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, 20);
    try {
      const summary = await importFile(db, file, { log: 'audits', dryRun: false, now: IMPORT_NOW, onProgress: () => {
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      } });
      expect(summary).toMatchObject({ rows, inserted: rows, updated: 0, unchanged: 0 });
    } finally {
      clearInterval(sampler);
    }
    const growthMb = (peak - baseline) / MB;
    // The file is 50 MB; reading it whole would need several times that as JS strings and
    // objects. Streamed, the heap holds one batch plus the id index used to find duplicates.
    process.stdout.write(`50 MB import on ${target.name}: ${rows} rows, peak heap growth ${growthMb.toFixed(0)} MB\n`);
    expect(growthMb).toBeLessThan(150);
    const { rows: counted } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM adoption.record_audits');
    expect(counted[0]?.n).toBe(rows);
  }, 600_000);
});
