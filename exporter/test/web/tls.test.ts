/**
 * Real TLS on 127.0.0.1 with certificates made by openssl at run time: the
 * exporter (startService, embedded PGlite) behind a web config with TLS and
 * basic auth, then each client_auth_type with and without a client certificate.
 */
import bcrypt from 'bcryptjs';
import { X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteDb } from '../../src/db/index.ts';
import { migrateReferenceSchema } from '../../src/migrate.ts';
import { startService, type Service } from '../../src/server.ts';
import { createHttpServer, loadWebConfig } from '../../src/web/index.ts';
import { numberPipeline, settableClock, silentLogger } from '../runtime/helpers.ts';
import { makeTestCerts, type TestCerts } from '../support/tls-certs.ts';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

interface Client {
  ca: string;
  cert?: string;
  key?: string;
  auth?: string;
  method?: string;
}

/** One request on a fresh connection (no agent), so every case does its own handshake. */
function httpsGet(url: string, client: Client): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: client.method ?? 'GET', ca: client.ca, cert: client.cert, key: client.key, auth: client.auth, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

let certs: TestCerts;
beforeAll(() => {
  certs = makeTestCerts();
});
afterAll(() => certs?.remove());

describe('the exporter over HTTPS with basic auth', () => {
  let service: Service | undefined;
  let ca: string;
  beforeAll(async () => {
    ca = certs.read(certs.ca.cert);
    const file = path.join(certs.dir, 'web-auth.yml');
    // Cost 4 keeps the test fast; the cost does not change the protocol.
    writeFileSync(
      file,
      `tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\nbasic_auth_users:\n  prometheus: ${bcrypt.hashSync('scrape-secret', 4)}\n`,
    );
    const db = await createPgliteDb();
    await migrateReferenceSchema(db);
    service = await startService({
      db,
      pipeline: numberPipeline([{ name: 'one', run: async () => 1 }]),
      indicators: [],
      clock: settableClock(new Date('2026-03-02T09:00:00Z')),
      logger: silentLogger(),
      listenAddress: '127.0.0.1',
      port: 0,
      refreshIntervalSeconds: 60,
      statementTimeoutMs: 5000,
      concurrency: 1,
      mode: 'test',
      webConfig: await loadWebConfig(file),
    });
    await service.firstRefresh;
  });
  afterAll(async () => service?.close());

  it('serves https:// URLs; the right CA and password get /metrics', async () => {
    expect(service?.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    const answer = await httpsGet(`${service?.url}metrics`, { ca, auth: 'prometheus:scrape-secret' });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('ecm_adoption_test_unit_value{unit="one"} 1');
  });

  it('a client that trusts another CA does not connect', async () => {
    await expect(httpsGet(`${service?.url}metrics`, { ca: certs.read(certs.otherCa.cert), auth: 'prometheus:scrape-secret' })).rejects.toThrow(
      /self.signed|unable to verify|certificate/i,
    );
  });

  it('wrong password, no credentials, unknown user: 401 with WWW-Authenticate: Basic, and no metrics', async () => {
    for (const auth of ['prometheus:wrong', undefined, 'nobody:scrape-secret', 'prometheus:']) {
      const answer = await httpsGet(`${service?.url}metrics`, { ca, auth });
      expect({ auth, status: answer.status, challenge: answer.headers['www-authenticate'] }).toEqual({ auth, status: 401, challenge: 'Basic' });
      expect(answer.body).not.toContain('ecm_adoption');
    }
  });

  it('every path is behind the password: landing page, health, readiness, unknown paths, other methods', async () => {
    for (const [method, pathname] of [
      ['GET', ''],
      ['GET', 'healthz'],
      ['GET', 'readyz'],
      ['GET', 'nope'],
      ['POST', 'metrics'],
    ] as const) {
      expect({ method, pathname, status: (await httpsGet(`${service?.url}${pathname}`, { ca, method })).status }).toEqual({ method, pathname, status: 401 });
    }
    const authorised = { ca, auth: 'prometheus:scrape-secret' };
    expect((await httpsGet(`${service?.url}healthz`, authorised)).status).toBe(200);
    expect((await httpsGet(`${service?.url}nope`, authorised)).status).toBe(404);
    expect((await httpsGet(`${service?.url}metrics`, { ...authorised, method: 'POST' })).status).toBe(405);
  });
});

describe.each([
  // [mode, client CA, good client, no client cert, cert from another CA]
  { mode: 'NoClientCert', ca: false, good: true, none: true, stranger: true },
  { mode: 'RequestClientCert', ca: false, good: true, none: true, stranger: true },
  { mode: 'RequireAnyClientCert', ca: false, good: true, none: false, stranger: true },
  { mode: 'VerifyClientCertIfGiven', ca: true, good: true, none: true, stranger: false },
  { mode: 'RequireAndVerifyClientCert', ca: true, good: true, none: false, stranger: false },
])('client_auth_type $mode', ({ mode, ca, good, none, stranger }) => {
  let url = '';
  let close: () => Promise<void> = async () => undefined;
  beforeAll(async () => {
    const file = path.join(certs.dir, `web-${mode}.yml`);
    writeFileSync(
      file,
      `tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_auth_type: ${mode}\n${ca ? '  client_ca_file: ca.crt\n' : ''}`,
    );
    const server = createHttpServer((_req, res) => res.end('served\n'), await loadWebConfig(file), silentLogger());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  });
  afterAll(async () => close());

  const outcome = async (client: Omit<Client, 'ca'>): Promise<string> => {
    try {
      return (await httpsGet(url, { ca: certs.read(certs.ca.cert), ...client })).body.trim();
    } catch (error) {
      return `refused (${error instanceof Error ? error.message : String(error)})`;
    }
  };

  it(`good client cert: ${good ? 'served' : 'refused'}; none: ${none ? 'served' : 'refused'}; another CA's: ${stranger ? 'served' : 'refused'}`, async () => {
    // 'served', or 'refused (<why>)': only the verdict is compared.
    const verdict = (text: string): string => (text.startsWith('refused (') ? 'refused' : text);
    const expected = (served: boolean): string => (served ? 'served' : 'refused');
    expect(verdict(await outcome({ cert: certs.read(certs.client.cert), key: certs.read(certs.client.key) }))).toBe(expected(good));
    expect(verdict(await outcome({}))).toBe(expected(none));
    expect(verdict(await outcome({ cert: certs.read(certs.strangerClient.cert), key: certs.read(certs.strangerClient.key) }))).toBe(expected(stranger));
  });
});

describe('client_allowed_sans', () => {
  it('a verified client certificate must carry one of the listed SANs (DNS, URI...)', async () => {
    const results: Record<string, string> = {};
    for (const sans of ['[prometheus]', '["spiffe://care/prometheus"]', '[grafana, "127.0.0.1"]']) {
      const file = path.join(certs.dir, 'web-sans.yml');
      writeFileSync(
        file,
        `tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n  client_allowed_sans: ${sans}\n`,
      );
      const server = createHttpServer((_req, res) => res.end('served'), await loadWebConfig(file), silentLogger());
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
        results[sans] = await httpsGet(url, { ca: certs.read(certs.ca.cert), cert: certs.read(certs.client.cert), key: certs.read(certs.client.key) }).then(
          (answer) => answer.body,
          () => 'refused',
        );
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    }
    // The client certificate has SANs DNS:prometheus and URI:spiffe://care/prometheus (test/support/tls-certs.ts).
    expect(results).toEqual({ '[prometheus]': 'served', '["spiffe://care/prometheus"]': 'served', '[grafana, "127.0.0.1"]': 'refused' });
  });
});

describe('certificate renewal', () => {
  it('a renewed certificate is served without a restart; files that do not load are logged and the current ones kept', async () => {
    const live = { cert: path.join(certs.dir, 'live.crt'), key: path.join(certs.dir, 'live.key') };
    writeFileSync(live.cert, certs.read(certs.server.cert));
    writeFileSync(live.key, certs.read(certs.server.key));
    const file = path.join(certs.dir, 'web-live.yml');
    writeFileSync(file, 'tls_server_config:\n  cert_file: live.crt\n  key_file: live.key\n');
    const errors: string[] = [];
    const logger = { info: () => undefined, warn: () => undefined, error: (_object: object, message: string) => errors.push(message) };
    const server = createHttpServer((_req, res) => res.end('served'), await loadWebConfig(file), logger, 100);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const servedSerial = (): Promise<string> =>
      new Promise((resolve, reject) => {
        const req = request(url, { ca: certs.read(certs.ca.cert), agent: false }, (res) => {
          const socket = res.socket as TLSSocket;
          resolve(socket.getPeerCertificate().serialNumber);
          res.resume();
        });
        req.on('error', reject);
        req.end();
      });
    const serialOf = (pem: string): string => new X509Certificate(pem).serialNumber;
    const waitForSerial = async (expected: string): Promise<string> => {
      const deadline = Date.now() + 10_000;
      let served = await servedSerial();
      while (served !== expected && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        served = await servedSerial();
      }
      return served;
    };
    try {
      expect(await servedSerial()).toBe(serialOf(certs.read(certs.server.cert)));
      const renewed = certs.renewServer('renewed');
      writeFileSync(live.key, certs.read(renewed.key));
      writeFileSync(live.cert, certs.read(renewed.cert));
      expect(await waitForSerial(serialOf(certs.read(renewed.cert)))).toBe(serialOf(certs.read(renewed.cert)));
      // A half-written renewal: the current certificate stays, and the failure is logged.
      writeFileSync(live.cert, '-----BEGIN CERTIFICATE-----\ntruncated');
      const deadline = Date.now() + 10_000;
      while (errors.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(errors).toEqual(['TLS files changed but do not load: still serving the previous certificate']);
      expect(await servedSerial()).toBe(serialOf(certs.read(renewed.cert)));
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
