/**
 * The guard in front of the app: basic auth (cache, shared verification,
 * unknown users), configured headers over the app's own, and the rate limit.
 */
import bcrypt from 'bcryptjs';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { MetricsEndpoint } from '../../src/runtime/endpoint.ts';
import { CONTENT_TYPE } from '../../src/runtime/exposition.ts';
import { createBasicAuthVerifier, parseBasicAuth } from '../../src/web/basic-auth.ts';
import { createTokenBucket, guardRequests } from '../../src/web/guard.ts';
import { createHttpServer, exposureWarnings, NO_WEB_CONFIG, validateWebConfig } from '../../src/web/index.ts';
import { subjectAltNames } from '../../src/web/server.ts';
import { makeTestCerts } from '../support/tls-certs.ts';
import { silentLogger } from '../runtime/helpers.ts';

const basic = (credentials: string): string => `Basic ${Buffer.from(credentials).toString('base64')}`;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('basic auth credentials', () => {
  it('parses the header as Go does: scheme in any case, split at the first colon', () => {
    expect(parseBasicAuth(basic('op:pa:ss'))).toEqual({ user: 'op', password: 'pa:ss' });
    expect(parseBasicAuth(`bAsIc ${Buffer.from('op:').toString('base64')}`)).toEqual({ user: 'op', password: '' });
    expect(parseBasicAuth(undefined)).toBeUndefined();
    expect(parseBasicAuth(`Bearer ${Buffer.from('op:pw').toString('base64')}`)).toBeUndefined();
    expect(parseBasicAuth(basic('no-colon'))).toBeUndefined();
    expect(parseBasicAuth('Basic !!!')).toBeUndefined();
  });
});

describe('basic auth verifier', () => {
  const users = new Map([['prometheus', bcrypt.hashSync('right', 5)]]);

  it('50 scrapers arriving together with the same credentials cost one bcrypt; later scrapes none', async () => {
    const verifier = createBasicAuthVerifier(users);
    const compare = vi.spyOn(bcrypt, 'compare');
    const first = await Promise.all(Array.from({ length: 50 }, () => verifier.verify({ user: 'prometheus', password: 'right' })));
    expect(first.every(Boolean)).toBe(true);
    expect(compare).toHaveBeenCalledTimes(1);
    expect(await verifier.verify({ user: 'prometheus', password: 'right' })).toBe(true);
    expect(compare).toHaveBeenCalledTimes(1);
    // Another password is another key: its own bcrypt, and it fails.
    expect(await verifier.verify({ user: 'prometheus', password: 'wrong' })).toBe(false);
    expect(compare).toHaveBeenCalledTimes(2);
  });

  it('an unknown user pays a bcrypt at the configured cost (no timing shortcut) and is refused, even with a password that fits the dummy', async () => {
    const verifier = createBasicAuthVerifier(users);
    const compare = vi.spyOn(bcrypt, 'compare');
    expect(await verifier.verify({ user: 'stranger', password: 'right' })).toBe(false);
    expect(compare).toHaveBeenCalledTimes(1);
    const hash = compare.mock.calls[0]?.[1];
    expect(hash).not.toBe(users.get('prometheus'));
    expect(bcrypt.getRounds(String(hash))).toBe(5);
    expect(await verifier.verify(undefined)).toBe(false);
  });

  it('keeps at most 100 verifications', async () => {
    const verifier = createBasicAuthVerifier(new Map([['u', bcrypt.hashSync('p', 4)]]));
    for (let i = 0; i < 130; i++) await verifier.verify({ user: 'u', password: `guess-${i}` });
    expect(verifier.cacheSize()).toBeLessThanOrEqual(100);
    expect(verifier.cacheSize()).toBeGreaterThan(80);
  });

  it('accepts the $2y$ hashes htpasswd makes (exporter-toolkit test users)', async () => {
    // dave / dave123 from exporter-toolkit's web/testdata.
    const verifier = createBasicAuthVerifier(new Map([['dave', '$2y$10$2UXri9cIDdgeKjBo4Rlpx.U3ZLDV8X1IxKmsfOvhcM5oXQt/mLmXq']]));
    expect(await verifier.verify({ user: 'dave', password: 'dave123' })).toBe(true);
    expect(await verifier.verify({ user: 'dave', password: 'dave124' })).toBe(false);
  });
});

describe('rate limit', () => {
  it('a token bucket: burst at once, then one per interval', () => {
    let now = 0;
    const allow = createTokenBucket(1000, 2, () => now);
    expect([allow(), allow(), allow()]).toEqual([true, true, false]);
    now = 999;
    expect(allow()).toBe(false);
    now = 1000;
    expect([allow(), allow()]).toEqual([true, false]);
    now = 10_000;
    expect([allow(), allow(), allow()]).toEqual([true, true, false]);
  });
});

const METRICS = 'up_test 1\n';
const fixedMetrics: MetricsEndpoint = {
  scrape: () => Promise.resolve(METRICS),
  scrapeBody: () => Promise.resolve({ body: Buffer.from(METRICS), gzip: false, contentType: CONTENT_TYPE }),
  ready: () => true,
  lastRefresh: () => undefined,
};

async function serve(webYaml: string): Promise<{ url: string; close(): Promise<void> }> {
  const app = createApp({ metrics: fixedMetrics, indicators: [], logger: silentLogger(), mode: 'test' });
  const server = createHttpServer(app, validateWebConfig(webYaml, 'web.yml', '.'), silentLogger());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = address !== null && typeof address === 'object' ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('the guard in front of the app', () => {
  it('configured headers go on every response and win over the landing page defaults', async () => {
    const server = await serve('http_server_config:\n  headers:\n    X-Frame-Options: sameorigin\n    Strict-Transport-Security: max-age=600\n');
    try {
      const landing = await fetch(`${server.url}/`);
      expect(landing.headers.get('x-frame-options')).toBe('sameorigin');
      expect(landing.headers.get('strict-transport-security')).toBe('max-age=600');
      expect(landing.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      const metrics = await fetch(`${server.url}/metrics`);
      expect(metrics.headers.get('strict-transport-security')).toBe('max-age=600');
    } finally {
      await server.close();
    }
  });

  it('rate_limit answers 429 past the burst, before checking passwords', async () => {
    const server = await serve(`rate_limit: { interval: 1h, burst: 2 }\nbasic_auth_users: { op: "${bcrypt.hashSync('pw', 4)}" }\n`);
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await fetch(`${server.url}/healthz`)).status);
      // Two tokens: two requests reach the password check (401 without one), the third is limited.
      expect(statuses).toEqual([401, 401, 429]);
    } finally {
      await server.close();
    }
  });

  it('without a web config the app is served as it is', () => {
    const handler = createApp({ metrics: fixedMetrics, indicators: [], logger: silentLogger(), mode: 'test' });
    expect(guardRequests(handler, validateWebConfig('', 'web.yml', '.'), silentLogger())).toBe(handler);
  });
});

describe('start-up warnings', () => {
  const tls = (clientAuth: string): string => `tls_server_config: { cert_file: server.crt, key_file: server.key${clientAuth} }\n`;
  it('on loopback nothing; beyond it, one warning per gap (TLS, authentication)', () => {
    const certs = makeTestCerts();
    onTestFinished(() => certs.remove());
    const load = (text: string) => validateWebConfig(text, 'web.yml', certs.dir);
    const users = `basic_auth_users: { op: "${bcrypt.hashSync('pw', 4)}" }\n`;
    for (const address of ['127.0.0.1', '127.0.0.53', '::1', 'localhost']) expect(exposureWarnings(address, NO_WEB_CONFIG)).toEqual([]);
    expect(exposureWarnings('0.0.0.0', NO_WEB_CONFIG)).toEqual([
      'no TLS: metrics (and any basic auth password) cross the network in clear text',
      'no authentication: anyone who can reach the port can read the metrics',
    ]);
    expect(exposureWarnings('0.0.0.0', load(users))).toEqual(['no TLS: metrics (and any basic auth password) cross the network in clear text']);
    expect(exposureWarnings('10.1.2.3', load(tls('')))).toEqual(['no authentication: anyone who can reach the port can read the metrics']);
    expect(exposureWarnings('::', load(tls('') + users))).toEqual([]);
    // Verified client certificates authenticate the scraper as well as a password does.
    expect(exposureWarnings('0.0.0.0', load(tls(', client_auth_type: RequireAndVerifyClientCert, client_ca_file: ca.crt')))).toEqual([]);
    expect(exposureWarnings('0.0.0.0', load(tls(', client_auth_type: RequireAnyClientCert')))).toEqual([
      'no authentication: anyone who can reach the port can read the metrics',
    ]);
  });
});

describe('client certificate SANs as Node reports them', () => {
  it('DNS, IP (IPv6 compared in one form), e-mail and URI values, quoted ones unquoted', () => {
    expect(subjectAltNames('DNS:prometheus, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, email:ops@care.example, URI:"spiffe://care/a,b"')).toEqual([
      'prometheus',
      '127.0.0.1',
      '::1',
      'ops@care.example',
      'spiffe://care/a,b',
    ]);
    expect(subjectAltNames(undefined)).toEqual([]);
  });
});
