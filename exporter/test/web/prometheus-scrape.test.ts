/**
 * A real Prometheus 2.42 (Debian `prometheus`) scrapes the exporter over HTTPS
 * with basic_auth and a client certificate, configured exactly as it would be for
 * any exporter built on exporter-toolkit. Two control jobs (wrong password,
 * wrong CA) must fail, so `up == 1` is not something any config would give.
 * Everything listens on 127.0.0.1; Prometheus is stopped in afterAll.
 */
import bcrypt from 'bcryptjs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteDb } from '../../src/db/index.ts';
import { migrateReferenceSchema } from '../../src/migrate.ts';
import { startService, type Service } from '../../src/server.ts';
import { loadWebConfig } from '../../src/web/index.ts';
import { numberPipeline, settableClock, silentLogger } from '../runtime/helpers.ts';
import { pollUntil, startPrometheus, type PrometheusServer } from '../support/prometheus.ts';
import { freePort } from '../support/serve-process.ts';
import { makeTestCerts, type TestCerts } from '../support/tls-certs.ts';

interface UpSample {
  job: string;
  value: number;
  lastError: string;
}

/** `up` per job, with the scrape error Prometheus reports for the target (for a useful failure message). */
async function upByJob(prometheus: PrometheusServer): Promise<UpSample[]> {
  const up = await prometheus.query('up');
  const errors = new Map((await prometheus.targets()).map((t) => [t.labels.job, t.lastError]));
  return up
    .map((r) => ({ job: r.metric.job ?? '', value: Number(r.value?.[1]), lastError: errors.get(r.metric.job ?? '') ?? '' }))
    .sort((a, b) => a.job.localeCompare(b.job));
}

describe('Prometheus 2.42 scraping the exporter over HTTPS with basic auth and a client certificate', () => {
  let certs: TestCerts;
  let service: Service | undefined;
  let prometheus: PrometheusServer;

  beforeAll(async () => {
    certs = makeTestCerts();
    const webFile = path.join(certs.dir, 'web.yml');
    writeFileSync(
      webFile,
      `tls_server_config:
  cert_file: server.crt
  key_file: server.key
  client_auth_type: RequireAndVerifyClientCert
  client_ca_file: ca.crt
  client_allowed_sans: [prometheus]
basic_auth_users:
  prometheus: ${bcrypt.hashSync('scrape-secret', 6)}
`,
    );
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
      webConfig: await loadWebConfig(webFile),
    });
    const target = new URL(service.url).host;
    const job = (name: string, password: string, ca: string): string => `
  - job_name: ${name}
    scheme: https
    basic_auth: { username: prometheus, password: ${password} }
    tls_config: { ca_file: ${ca}, cert_file: ${certs.client.cert}, key_file: ${certs.client.key} }
    static_configs: [{ targets: ['${target}'] }]`;
    prometheus = await startPrometheus({
      dir: mkdtempSync(path.join(certs.dir, 'prometheus-')),
      config: `global: { scrape_interval: 1s, scrape_timeout: 1s }
scrape_configs:${job('ecm', 'scrape-secret', certs.ca.cert)}${job('ecm-wrong-password', 'not-the-secret', certs.ca.cert)}${job('ecm-wrong-ca', 'scrape-secret', certs.otherCa.cert)}
`,
    });
  });

  afterAll(async () => {
    await prometheus?.stop();
    await service?.close();
    certs?.remove();
  });

  it('up == 1 for the job configured like any exporter-toolkit target; 0 with a wrong password or a wrong CA', async () => {
    const samples = await pollUntil(
      () => upByJob(prometheus),
      (found) => found.length === 3 && found.every((s) => s.lastError !== '' || s.value === 1),
      45_000,
      [],
    );
    expect(
      samples.map(({ job, value }) => ({ job, value })),
      `targets: ${JSON.stringify(samples)}\n${prometheus.log()}`,
    ).toEqual([
      { job: 'ecm', value: 1 },
      { job: 'ecm-wrong-ca', value: 0 },
      { job: 'ecm-wrong-password', value: 0 },
    ]);
    expect(samples.find((s) => s.job === 'ecm-wrong-password')?.lastError).toContain('401');
    expect(samples.find((s) => s.job === 'ecm-wrong-ca')?.lastError).toMatch(/certificate/);
    // And the scraped metrics are ours: the test unit's value 7.
    expect(await prometheus.values('ecm_adoption_test_unit_value{job="ecm",unit="seven"}')).toEqual([7]);
  });
});
