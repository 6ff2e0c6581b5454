import { request } from 'node:http';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { createPgliteDb, type Db } from '../src/db/index.ts';
import type { QueryUnit } from '../src/engine/types.ts';
import { migrateReferenceSchema } from '../src/migrate.ts';
import { createMetricsEndpoint } from '../src/runtime/endpoint.ts';
import { CONTENT_TYPES } from '../src/runtime/exposition.ts';
import { createProcessMetrics } from '../src/runtime/process-metrics.ts';
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
      expect(zipped.headers.vary).toBe('Accept, Accept-Encoding');
      expect(Number(zipped.headers['content-length'])).toBe(zipped.body.length);
      const unzipped = gunzipSync(zipped.body).toString('utf8');
      expect(unzipped).toBe(plain.body.toString('utf8'));
      // The unit returned 3; the text is the snapshot's, not an empty or stale body.
      expect(samplesOf(parseMetrics(unzipped), 'ecm_adoption_test_unit_value')).toEqual([{ labels: { unit: 'three' }, value: 3 }]);
    } finally {
      await server.close();
    }
  });
  /** The compressed body as the endpoint means to build it: each part its own gzip member, one after the other. */
  const members = (...texts: string[]): Buffer => Buffer.concat(texts.map((text) => gzipSync(text, { level: 6 })));

  it('negotiates OpenMetrics for Prometheus and appends process metrics as a second gzip member, rendered at most once a second', async () => {
    const three: QueryUnit<null, number> = { name: 'three', run: async () => 3 };
    const clock = settableClock(new Date('2026-03-02T09:00:00Z'));
    const refresher = createRefresher({ db, pipeline: numberPipeline([three]), clock, statementTimeoutMs: 5000, concurrency: 1, logger: silentLogger() });
    await refresher.refresh();
    let monotonic = 0;
    const processMetrics = createProcessMetrics({ monotonicMs: () => monotonic });
    const metrics = createMetricsEndpoint({ refresher, refreshIntervalSeconds: 60, version: '1.0.0', processMetrics });
    const server = await listenOnLoopback(createApp({ metrics, indicators: [], logger: silentLogger(), mode: 'test' }));
    // What Prometheus 2.x sends.
    const prometheus = {
      Accept: 'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1',
      'Accept-Encoding': 'gzip',
    };
    try {
      const first = await get(`${server.url}/metrics`, prometheus);
      expect(first.headers['content-type']).toBe(CONTENT_TYPES.openmetrics);
      expect(first.headers['content-encoding']).toBe('gzip');
      const text = gunzipSync(first.body).toString('utf8');
      // Read as one stream, it is the uncompressed answer; made of three members: snapshot, process metrics, # EOF.
      const uncompressed = await get(`${server.url}/metrics`, { Accept: prometheus.Accept });
      expect(text).toBe(uncompressed.body.toString('utf8'));
      const processStart = text.indexOf('# HELP process_');
      const snapshotText = text.slice(0, processStart);
      expect(first.body.equals(members(snapshotText, text.slice(processStart, -'# EOF\n'.length), '# EOF\n'))).toBe(true);
      expect(text.endsWith('\n# EOF\n')).toBe(true);
      expect(text.match(/^# EOF$/gm)).toHaveLength(1);
      expect(text).toContain('# TYPE ecm_adoption_exporter_refreshes counter\n');
      expect(text).toContain('ecm_adoption_exporter_refreshes_total{lane="history"} 1\n');
      expect(text).toMatch(/^process_cpu_seconds_total \d/m);
      expect(text).toMatch(/^process_resident_memory_bytes \d/m);
      expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
      expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);

      // Within the second: the very same bytes. After it: the process part is new, the snapshot part is not.
      monotonic += 500;
      const again = await get(`${server.url}/metrics`, prometheus);
      expect(again.body.equals(first.body)).toBe(true);
      monotonic += 600;
      const later = await get(`${server.url}/metrics`, prometheus);
      const snapshotMember = members(snapshotText);
      expect(later.body.subarray(0, snapshotMember.length).equals(snapshotMember)).toBe(true);
      expect(later.body.equals(first.body)).toBe(false);

      // curl's default Accept gets the Prometheus text format, with the process metrics too and no # EOF.
      const plain = await get(`${server.url}/metrics`, { Accept: '*/*' });
      expect(plain.headers['content-type']).toBe(CONTENT_TYPES.text);
      const plainText = plain.body.toString('utf8');
      expect(plainText).toContain('# TYPE ecm_adoption_exporter_refreshes_total counter\n');
      expect(plainText).toMatch(/^process_cpu_seconds_total \d/m);
      expect(plainText).not.toContain('# EOF');
      expect(samplesOf(parseMetrics(plainText), 'ecm_adoption_test_unit_value')).toEqual([{ labels: { unit: 'three' }, value: 3 }]);
    } finally {
      await server.close();
    }
  });
});
