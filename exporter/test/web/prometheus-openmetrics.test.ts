/**
 * A real Prometheus 2.42 scrapes the exporter through a recording proxy of our own: it asks for
 * OpenMetrics and gzip, gets a body of three gzip members (snapshot, process metrics, # EOF),
 * reads all of it (Go's gzip reader reads every member) and stores the snapshot's families and
 * the process_* families alike. Everything listens on 127.0.0.1; Prometheus is stopped in afterAll.
 */
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteDb } from '../../src/db/index.ts';
import { migrateReferenceSchema } from '../../src/migrate.ts';
import { CONTENT_TYPES } from '../../src/runtime/exposition.ts';
import { startService, type Service } from '../../src/server.ts';
import { numberPipeline, settableClock, silentLogger } from '../runtime/helpers.ts';
import { pollUntil, startPrometheus, type PrometheusServer } from '../support/prometheus.ts';
import { freePort } from '../support/serve-process.ts';

interface Exchange {
  request: IncomingHttpHeaders;
  response: IncomingHttpHeaders;
}

/** Forwards every request to `target` and keeps the headers both ways. */
async function recordingProxy(target: URL, exchanges: Exchange[]): Promise<{ server: Server; url: string }> {
  const server = createServer((incoming, outgoing) => {
    const forwarded = request(
      { host: target.hostname, port: target.port, path: incoming.url, method: incoming.method, headers: incoming.headers },
      (answer) => {
        exchanges.push({ request: incoming.headers, response: answer.headers });
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `127.0.0.1:${port}` };
}

describe('Prometheus 2.42 scraping OpenMetrics, gzip in several members', () => {
  const exchanges: Exchange[] = [];
  let service: Service | undefined;
  let proxy: Server | undefined;
  let prometheus: PrometheusServer;

  beforeAll(async () => {
    const db = await createPgliteDb();
    await migrateReferenceSchema(db);
    service = await startService({
      db,
      pipeline: numberPipeline([{ name: 'seven', run: async () => 7 }]),
      indicators: [],
      clock: settableClock(new Date('2026-03-02T09:00:00Z')),
      logger: silentLogger(),
      listenAddress: '127.0.0.1',
      port: await freePort(),
      refreshIntervalSeconds: 60,
      statementTimeoutMs: 5000,
      concurrency: 1,
      mode: 'test',
    });
    const recording = await recordingProxy(new URL(service.url), exchanges);
    proxy = recording.server;
    prometheus = await startPrometheus({
      config: `global: { scrape_interval: 1s, scrape_timeout: 1s }
scrape_configs:
  - job_name: ecm
    static_configs: [{ targets: ['${recording.url}'] }]
`,
    });
  });

  afterAll(async () => {
    await prometheus?.stop();
    await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
    proxy?.closeAllConnections();
    await service?.close();
  });

  it('asks for OpenMetrics and gzip, and stores every member: snapshot families, counters and process metrics', async () => {
    const processCpu = await pollUntil(
      () => prometheus.values('process_cpu_seconds_total{job="ecm"}'),
      (values) => values.length > 0,
      45_000,
      [],
    );
    expect(processCpu, prometheus.log()).toHaveLength(1);
    const scrape = exchanges.find((exchange) => exchange.request['user-agent']?.startsWith('Prometheus/'));
    expect(scrape?.request.accept).toMatch(/^application\/openmetrics-text;version=1\.0\.0/);
    expect(scrape?.request['accept-encoding']).toBe('gzip');
    expect(scrape?.response['content-type']).toBe(CONTENT_TYPES.openmetrics);
    expect(scrape?.response['content-encoding']).toBe('gzip');
    expect(await prometheus.values('up{job="ecm"}')).toEqual([1]);
    // From the first member: a test unit's value and an OpenMetrics counter (TYPE without _total).
    expect(await prometheus.values('ecm_adoption_test_unit_value{job="ecm",unit="seven"}')).toEqual([7]);
    expect((await prometheus.values('ecm_adoption_exporter_refreshes_total{job="ecm"}')).length).toBe(2);
    // From the second: Node's own.
    expect((await prometheus.values('nodejs_heap_size_used_bytes{job="ecm"}'))[0]).toBeGreaterThan(1_000_000);
    expect((await prometheus.values('process_resident_memory_bytes{job="ecm"}'))[0]).toBeGreaterThan(10_000_000);
  });
});
