/**
 * GET /evidence through the exporter's app: bad input as one line (400/404), one pack
 * at a time (a second request gets 503 with Retry-After while /metrics still answers),
 * and the pack itself with a CSP header, computed from the database on demand.
 */
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { Db } from '../../src/db/types.ts';
import { createEvidenceHandler, evidenceEndpoint } from '../../src/evidence/http.ts';
import type { EvidenceRequest } from '../../src/evidence/request.ts';
import { migrateReferenceSchema } from '../../src/migrate.ts';
import type { MetricsEndpoint } from '../../src/runtime/endpoint.ts';
import { CONTENT_TYPE } from '../../src/runtime/exposition.ts';
import { createPgliteDb } from '../../src/db/pglite.ts';
import { insertEcmFixture, insertGovernanceFixture, NOW, SETTINGS } from './fixture.ts';

const metrics: MetricsEndpoint = {
  scrape: () => Promise.resolve('up 1\n'),
  scrapeBody: () => Promise.resolve({ body: Buffer.from('up 1\n'), gzip: false, contentType: CONTENT_TYPE }),
  ready: () => true,
  lastRefresh: () => undefined,
};
const quiet = { info: () => undefined, error: () => undefined };

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('GET /evidence, one at a time', () => {
  let server: Server;
  let base: string;
  let release: () => void = () => undefined;
  const seen: EvidenceRequest[] = [];
  beforeAll(async () => {
    // A render that waits until the test lets it finish, to hold one pack "in flight".
    const render = (request: EvidenceRequest) => {
      seen.push(request);
      return new Promise<string>((resolve) => {
        release = () => resolve('<!doctype html><p>pack</p>');
      });
    };
    server = createServer(
      createApp({ metrics, indicators: [], logger: quiet, mode: 'test', evidence: createEvidenceHandler({ render, logger: quiet, retryAfterSeconds: 7 }) }),
    );
    base = await listen(server);
  });
  afterAll(async () => {
    release();
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers bad input with one line and computes nothing', async () => {
    for (const [query, status, text] of [
      ['', 400, 'say which location: /evidence?location=ID (optionally &from=YYYY-MM-DD&to=YYYY-MM-DD)\n'],
      ['?location=home&from=2026-03-01&to=2026-02-01', 400, 'from (2026-03-01) is after to (2026-02-01)\n'],
      ['?location=home&to=yesterday', 400, 'to: not a calendar date "yesterday" (expected YYYY-MM-DD, e.g. 2026-09-01)\n'],
      ['?location=a&location=b', 400, 'query parameter location must be given once, as text\n'],
    ] as const) {
      const response = await fetch(`${base}/evidence${query}`);
      expect([response.status, await response.text()]).toEqual([status, text]);
    }
    expect(seen).toEqual([]);
  });

  it('a second request while one is computed gets 503 with Retry-After; /metrics is not held up', async () => {
    const first = fetch(`${base}/evidence?location=home&from=2026-01-05`);
    await expect.poll(() => seen.length).toBe(1);
    const second = await fetch(`${base}/evidence?location=home`);
    expect(second.status).toBe(503);
    expect(second.headers.get('retry-after')).toBe('7');
    expect(await second.text()).toBe('another evidence pack is being computed; try again in 7 s\n');
    const scrape = await fetch(`${base}/metrics`);
    expect([scrape.status, await scrape.text()]).toEqual([200, 'up 1\n']);
    release();
    const done = await first;
    expect(done.status).toBe(200);
    expect(seen).toEqual([{ scope: { kind: 'location', locationId: 'home' }, from: '2026-01-05', to: undefined }]);
    // Free again once the first is done.
    const third = fetch(`${base}/evidence?location=home`);
    await expect.poll(() => seen.length).toBe(2);
    release();
    expect((await third).status).toBe(200);
  });
});

describe('GET /evidence on a database', () => {
  let db: Db;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    db = await createPgliteDb();
    await migrateReferenceSchema(db);
    await insertEcmFixture(db);
    await insertGovernanceFixture(db);
    const evidence = evidenceEndpoint({
      databases: { ecm: db, governance: db, ecmSource: 'pglite', governanceSource: 'pglite' },
      settings: SETTINGS,
      statementTimeoutMs: 10_000,
      clock: { now: () => NOW, monotonicMs: () => performance.now() },
      version: 'test',
      logger: quiet,
    });
    server = createServer(createApp({ metrics, indicators: [], logger: quiet, mode: 'test', evidence }));
    base = await listen(server);
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await db.close();
  });

  it('serves the pack as self-contained HTML with its CSP', async () => {
    const response = await fetch(`${base}/evidence?location=home`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'",
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toContain('Tasks on time rose from 50% in the week of 5 Jan 2026 to 100% in the week of 23 Feb 2026');
  });

  it('an unknown location is a 404 naming the known ones; a period before go-live a 400', async () => {
    const unknown = await fetch(`${base}/evidence?location=elsewhere`);
    expect([unknown.status, await unknown.text()]).toEqual([404, 'unknown location "elsewhere" (known: home)\n']);
    const early = await fetch(`${base}/evidence?location=home&to=2025-12-01`);
    expect([early.status, await early.text()]).toEqual([400, 'the period ends (2025-12-01) before home went live (2026-01-05)\n']);
  });
});
