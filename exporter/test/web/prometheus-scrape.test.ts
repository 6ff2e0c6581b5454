/**
 * A real Prometheus 2.42 (Debian `prometheus`) scrapes the exporter over HTTPS
 * with basic_auth and a client certificate, configured exactly as it would be for
 * any exporter built on exporter-toolkit. Two control jobs (wrong password,
 * wrong CA) must fail, so `up == 1` is not something any config would give.
 * Everything listens on 127.0.0.1; Prometheus is stopped in afterAll.
 */
import bcrypt from 'bcryptjs';
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteDb } from '../../src/db/index.ts';
import { migrateReferenceSchema } from '../../src/migrate.ts';
import { startService, type Service } from '../../src/server.ts';
import { loadWebConfig } from '../../src/web/index.ts';
import { numberPipeline, settableClock, silentLogger } from '../runtime/helpers.ts';
import { makeTestCerts, type TestCerts } from '../support/tls-certs.ts';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

interface UpSample {
  job: string;
  value: number;
  lastError: string;
}

/** `up` per job, with the scrape error Prometheus reports for the target (for a useful failure message). */
async function upByJob(prometheus: string): Promise<UpSample[]> {
  const query = (await (await fetch(`${prometheus}/api/v1/query?query=up`)).json()) as {
    data?: { result?: Array<{ metric: { job: string }; value: [number, string] }> };
  };
  const targets = (await (await fetch(`${prometheus}/api/v1/targets`)).json()) as {
    data?: { activeTargets?: Array<{ labels: { job: string }; lastError: string }> };
  };
  const errors = new Map((targets.data?.activeTargets ?? []).map((t) => [t.labels.job, t.lastError]));
  return (query.data?.result ?? [])
    .map((r) => ({ job: r.metric.job, value: Number(r.value[1]), lastError: errors.get(r.metric.job) ?? '' }))
    .sort((a, b) => a.job.localeCompare(b.job));
}

describe('Prometheus 2.42 scraping the exporter over HTTPS with basic auth and a client certificate', () => {
  let certs: TestCerts;
  let service: Service | undefined;
  let prometheus: ChildProcess | undefined;
  let prometheusUrl = '';
  let logFile = '';

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
    const dir = mkdtempSync(path.join(certs.dir, 'prometheus-'));
    writeFileSync(
      path.join(dir, 'prometheus.yml'),
      `global: { scrape_interval: 1s, scrape_timeout: 1s }
scrape_configs:${job('ecm', 'scrape-secret', certs.ca.cert)}${job('ecm-wrong-password', 'not-the-secret', certs.ca.cert)}${job('ecm-wrong-ca', 'scrape-secret', certs.otherCa.cert)}
`,
    );
    const port = await freePort();
    prometheusUrl = `http://127.0.0.1:${port}`;
    logFile = path.join(dir, 'prometheus.log');
    const log = createWriteStream(logFile);
    prometheus = spawn(
      'prometheus',
      [`--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
      {
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    prometheus.on('error', (error) => log.write(`prometheus could not start (apt-get install prometheus): ${error.message}\n`));
    prometheus.stdout?.pipe(log);
    prometheus.stderr?.pipe(log);
  });

  afterAll(async () => {
    const child = prometheus;
    if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      process.kill(-child.pid, 'SIGTERM');
      const killed = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(killed);
    }
    await service?.close();
    certs?.remove();
  });

  it('up == 1 for the job configured like any exporter-toolkit target; 0 with a wrong password or a wrong CA', async () => {
    const deadline = Date.now() + 45_000;
    let samples: UpSample[] = [];
    while (Date.now() < deadline) {
      samples = await upByJob(prometheusUrl).catch(() => []);
      if (samples.length === 3 && samples.every((s) => s.lastError !== '' || s.value === 1)) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(
      samples.map(({ job, value }) => ({ job, value })),
      `targets: ${JSON.stringify(samples)}\n${readFileSync(logFile, 'utf8')}`,
    ).toEqual([
      { job: 'ecm', value: 1 },
      { job: 'ecm-wrong-ca', value: 0 },
      { job: 'ecm-wrong-password', value: 0 },
    ]);
    expect(samples.find((s) => s.job === 'ecm-wrong-password')?.lastError).toContain('401');
    expect(samples.find((s) => s.job === 'ecm-wrong-ca')?.lastError).toMatch(/certificate/);
    // And the scraped metrics are ours: the test unit's value 7.
    const value = (await (await fetch(`${prometheusUrl}/api/v1/query?query=ecm_adoption_test_unit_value{job="ecm",unit="seven"}`)).json()) as {
      data?: { result?: Array<{ value: [number, string] }> };
    };
    expect(value.data?.result?.map((r) => Number(r.value[1]))).toEqual([7]);
  });
});
