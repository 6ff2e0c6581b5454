/**
 * bin/healthcheck.js, the Docker HEALTHCHECK: alive for a plain exporter and for
 * one behind TLS and basic auth (401 still means "serving"); not alive when
 * nothing listens or the server fails (5xx).
 */
import bcrypt from 'bcryptjs';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, loadWebConfig, NO_WEB_CONFIG, type WebConfig } from '../../src/web/index.ts';
import { silentLogger } from '../runtime/helpers.ts';
import { makeTestCerts, type TestCerts } from '../support/tls-certs.ts';

const SCRIPT = fileURLToPath(new URL('../../bin/healthcheck.js', import.meta.url));

function healthcheck(port: number): Promise<number> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SCRIPT, '/healthz'], { env: { PATH: process.env.PATH ?? '', PORT: String(port) }, timeout: 20_000 }, (error) => {
      resolve(error ? Number(error.code ?? 1) : 0);
    });
  });
}

async function withServer(web: WebConfig, handler: RequestListener, body: (port: number) => Promise<void>): Promise<void> {
  const server = createHttpServer(handler, web, silentLogger());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await body((server.address() as AddressInfo).port);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const ok: RequestListener = (_req, res) => res.end('ok\n');

let certs: TestCerts;
beforeAll(() => {
  certs = makeTestCerts();
});
afterAll(() => certs?.remove());

describe('bin/healthcheck.js', () => {
  it('exit 0 for plain HTTP and for HTTPS with basic auth (401); exit 1 for a 5xx and for a closed port', async () => {
    await withServer(NO_WEB_CONFIG, ok, async (port) => expect(await healthcheck(port)).toBe(0));
    const file = path.join(certs.dir, 'web.yml');
    writeFileSync(file, `tls_server_config: { cert_file: server.crt, key_file: server.key }\nbasic_auth_users: { op: "${bcrypt.hashSync('pw', 4)}" }\n`);
    await withServer(await loadWebConfig(file), ok, async (port) => expect(await healthcheck(port)).toBe(0));
    await withServer(
      NO_WEB_CONFIG,
      (_req, res) => res.writeHead(503).end(),
      async (port) => expect(await healthcheck(port)).toBe(1),
    );
    let closedPort = 0;
    await withServer(NO_WEB_CONFIG, ok, async (port) => {
      closedPort = port;
    });
    expect(await healthcheck(closedPort)).toBe(1);
  });
});
