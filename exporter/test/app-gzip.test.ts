import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { createPgliteDb, type Db } from '../src/db/index.ts';
import type { QueryUnit } from '../src/engine/types.ts';
import { migrateReferenceSchema } from '../src/migrate.ts';
import { createMetricsEndpoint } from '../src/runtime/endpoint.ts';
import { createRefresher } from '../src/runtime/refresher.ts';
import { listenOnLoopback, numberPipeline, parseMetrics, samplesOf, settableClock, silentLogger } from './runtime/helpers.ts';

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A plain node:http GET: unlike fetch(), it neither asks for nor undoes compression by itself. */
function get(url: string, headers: Record<string, string>): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('/metrics encoding', () => {
  let db: Db;
  beforeAll(async () => {
    db = await createPgliteDb();
    await migrateReferenceSchema(db);
    await db.exec(`INSERT INTO ecm.locations (location_id, name, service_type, go_live_date) VALUES ('loc-a', 'A', 'residential', '2026-01-01')`);
  });
  afterAll(async () => db?.close());

  it('answers gzip to a scraper that accepts it (as Prometheus does) and plain text otherwise, with the same content', async () => {
    const three: QueryUnit<null, number> = { name: 'three', run: async () => 3 };
    const clock = settableClock(new Date('2026-03-02T09:00:00Z'));
    const refresher = createRefresher({ db, pipeline: numberPipeline([three]), clock, statementTimeoutMs: 5000, concurrency: 1, logger: silentLogger() });
    await refresher.refresh();
    const metrics = createMetricsEndpoint({ refresher, refreshIntervalSeconds: 60, version: '1.0.0' });
    const server = await listenOnLoopback(createApp({ metrics, indicators: [], logger: silentLogger(), mode: 'test' }));
    try {
      const plain = await get(`${server.url}/metrics`, {});
      expect(plain.status).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(Number(plain.headers['content-length'])).toBe(plain.body.length);

      const zipped = await get(`${server.url}/metrics`, { 'Accept-Encoding': 'gzip, deflate' });
      expect(zipped.status).toBe(200);
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(zipped.headers.vary).toBe('Accept-Encoding');
      expect(Number(zipped.headers['content-length'])).toBe(zipped.body.length);
      const unzipped = gunzipSync(zipped.body).toString('utf8');
      expect(unzipped).toBe(plain.body.toString('utf8'));
      // The unit returned 3; the text is the snapshot's, not an empty or stale body.
      expect(samplesOf(parseMetrics(unzipped), 'ecm_adoption_test_unit_value')).toEqual([{ labels: { unit: 'three' }, value: 3 }]);
    } finally {
      await server.close();
    }
  });
});
