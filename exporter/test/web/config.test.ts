/**
 * The web config file: the toolkit's own example shapes load, every kind of bad
 * file fails with one ConfigError naming the file and listing every problem with
 * its path. Certificates are made with openssl at run time (test/support/tls-certs.ts).
 */
import bcrypt from 'bcryptjs';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, validateConfig } from '../../src/config/index.ts';
import { loadWebConfig, validateWebConfig } from '../../src/web/index.ts';
import { ciphersOption } from '../../src/web/tls.ts';
import { makeTestCerts, type TestCerts } from '../support/tls-certs.ts';

// From exporter-toolkit's web/testdata (Go/htpasswd hashes; its tests log in as dave with "dave123").
const DAVE = '$2y$10$2UXri9cIDdgeKjBo4Rlpx.U3ZLDV8X1IxKmsfOvhcM5oXQt/mLmXq';

let certs: TestCerts;
beforeAll(() => {
  certs = makeTestCerts();
});
afterAll(() => certs?.remove());

function web(text: string) {
  return validateWebConfig(text, 'web.yml', certs.dir);
}

function problemsOf(text: string): string[] {
  try {
    web(text);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  throw new Error('expected the file to be rejected');
}

describe('web config file: good files', () => {
  it('an empty file (or no file) is plain HTTP without authentication', async () => {
    for (const text of ['', '{}', 'tls_server_config:\nbasic_auth_users:\n']) {
      const config = web(text);
      expect(config.tls).toBeUndefined();
      expect(config.basicAuthUsers.size).toBe(0);
    }
    const none = await loadWebConfig(undefined);
    expect(none.tls).toBeUndefined();
    expect(none.source).toBeUndefined();
  });

  it('TLS with files relative to the web config file, users, headers: the toolkit defaults become Node options', () => {
    const config = web(`tls_server_config:
  cert_file: server.crt
  key_file: server.key
basic_auth_users:
  dave: ${DAVE}
http_server_config:
  http2: false
  headers:
    X-Frame-Options: deny
    Strict-Transport-Security: max-age=31536000; includeSubDomains
    X-Content-Type-Options: nosniff
    X-XSS-Protection: 1
    Content-Security-Policy: "default-src 'self'"
`);
    expect(config.source).toBe('web.yml');
    expect(config.tls?.options).toMatchObject({
      minVersion: 'TLSv1.2',
      maxVersion: 'TLSv1.3',
      honorCipherOrder: true,
      requestCert: false,
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
    });
    expect(config.tls?.options.cert).toBe(certs.read(certs.server.cert));
    expect(config.tls?.policy).toEqual({ clientAuth: 'NoClientCert', allowedSans: undefined });
    expect(config.tls?.certificate.subject).toBe('CN=127.0.0.1');
    expect([...config.basicAuthUsers.keys()]).toEqual(['dave']);
    // yaml.v2 reads `X-XSS-Protection: 1` as the string "1"; so do we.
    expect(config.headers).toEqual({
      'X-Frame-Options': 'deny',
      'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
      'X-Content-Type-Options': 'nosniff',
      'X-XSS-Protection': '1',
      'Content-Security-Policy': "default-src 'self'",
    });
  });

  it('inline cert and key, client CA, every client_auth_type, SANs, versions, ciphers, curves', () => {
    const indent = (text: string): string => text.trim().replace(/\n/g, '\n    ');
    const config = web(`tls_server_config:
  cert: |
    ${indent(certs.read(certs.server.cert))}
  key: |
    ${indent(certs.read(certs.server.key))}
  client_ca_file: ${certs.ca.cert}
  client_auth_type: RequireAndVerifyClientCert
  client_allowed_sans: [prometheus, "spiffe://care/prometheus"]
  min_version: TLS12
  max_version: TLS13
  prefer_server_cipher_suites: false
  cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384]
  curve_preferences: [X25519, CurveP256]
`);
    expect(config.tls?.options).toMatchObject({
      requestCert: true,
      rejectUnauthorized: true,
      honorCipherOrder: false,
      ecdhCurve: 'X25519:P-256',
      ca: certs.read(certs.ca.cert),
    });
    // Node's default TLS 1.3 suites stay (Go never restricts them), then the two named TLS 1.2 suites.
    expect(config.tls?.options.ciphers).toBe(
      'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384',
    );
    expect(config.tls?.policy).toEqual({ clientAuth: 'RequireAndVerifyClientCert', allowedSans: ['prometheus', 'spiffe://care/prometheus'] });

    const modes = {
      NoClientCert: [false, false],
      RequestClientCert: [true, false],
      RequireAnyClientCert: [true, false],
      RequireClientCert: [true, false],
      VerifyClientCertIfGiven: [true, false],
    };
    for (const [mode, [requestCert, rejectUnauthorized]] of Object.entries(modes)) {
      const ca = mode === 'NoClientCert' ? '' : `\n  client_ca_file: ca.crt`;
      const tls = web(`tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_auth_type: ${mode}${ca}`).tls;
      expect({ mode, requestCert: tls?.options.requestCert, rejectUnauthorized: tls?.options.rejectUnauthorized }).toEqual({
        mode,
        requestCert,
        rejectUnauthorized,
      });
      // RequireClientCert is the toolkit's old name of RequireAnyClientCert.
      expect(tls?.policy.clientAuth).toBe(mode === 'RequireClientCert' ? 'RequireAnyClientCert' : mode);
    }
  });

  it('TLS 1.3 suites named in cipher_suites restrict TLS 1.3 (honoured, not ignored)', () => {
    expect(ciphersOption(['TLS_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'])).toBe('TLS_AES_128_GCM_SHA256:ECDHE-RSA-AES128-GCM-SHA256');
    expect(ciphersOption([])).toBeUndefined();
  });

  it('exporter/web-config.example.yml loads next to a certificate and key', () => {
    const example = readFileSync(fileURLToPath(new URL('../../web-config.example.yml', import.meta.url)), 'utf8');
    const config = web(example);
    expect(config.tls?.policy.clientAuth).toBe('NoClientCert');
    expect([...config.basicAuthUsers.keys()]).toEqual(['prometheus']);
  });

  it('rate_limit: a Go duration and a burst; interval 0 switches it off', () => {
    expect(web('rate_limit: { interval: "1m30s", burst: 20 }').rateLimit).toEqual({ intervalMs: 90_000, burst: 20 });
    expect(web('rate_limit: { interval: 250ms, burst: 1 }').rateLimit).toEqual({ intervalMs: 250, burst: 1 });
    expect(web('rate_limit: { interval: 0, burst: 5 }').rateLimit).toBeUndefined();
  });
});

describe('web config file: bad files', () => {
  it('lists every problem of a file at once, each with its path, naming the file', () => {
    writeFileSync(
      path.join(certs.dir, 'bad.yml'),
      `tls_server_config:
  cert_file: missing.crt
  key_file: server.key
  client_auth_type: RequireVerifiedClientCert
  min_version: TLS1.2
  cipher_suite: [TLS_AES_128_GCM_SHA256]
basic_auth_users:
  dave: ${DAVE}
  eve: plaintext-password
  "mal:lory": ${DAVE}
http_server_config:
  http2: true
  headers:
    X-Frame-Options: allow
    Server: ecm
extra: 1
`,
    );
    return loadWebConfig(path.join(certs.dir, 'bad.yml')).then(
      () => {
        throw new Error('expected a ConfigError');
      },
      (error: unknown) => {
        expect(error).toBeInstanceOf(ConfigError);
        const message = error instanceof Error ? error.message : '';
        expect(message).toContain(`invalid configuration ${path.join(certs.dir, 'bad.yml')} (10 problems)`);
        const problems = error instanceof ConfigError ? error.problems.map((p) => p.path).sort() : [];
        expect(problems).toEqual(
          [
            'extra',
            'tls_server_config.cipher_suite',
            'tls_server_config.client_auth_type',
            'tls_server_config.min_version',
            'tls_server_config.cert_file',
            'basic_auth_users.eve',
            'basic_auth_users.mal:lory',
            'http_server_config.http2',
            'http_server_config.headers.X-Frame-Options',
            'http_server_config.headers.Server',
          ].sort(),
        );
        expect(message).toContain(
          'tls_server_config.client_auth_type: unknown client_auth_type "RequireVerifiedClientCert" (expected one of NoClientCert, RequestClientCert',
        );
        expect(message).toContain('tls_server_config.min_version: unknown TLS version "TLS1.2" (expected TLS12 or TLS13)');
        expect(message).toContain(`tls_server_config.cert_file: cannot read ${path.join(certs.dir, 'missing.crt')}: file not found`);
        expect(message).toContain('basic_auth_users.eve: not a bcrypt hash');
        expect(message).not.toContain('plaintext-password');
        expect(message).toContain('http_server_config.headers.Server: this header cannot be configured');
        expect(message).toContain('http_server_config.headers.X-Frame-Options: must be one of deny, sameorigin (got "allow")');
      },
    );
  });

  it('a key that is not the certificate key', () => {
    expect(problemsOf('tls_server_config: { cert_file: server.crt, key_file: client.key }')).toEqual([
      'tls_server_config.key_file: does not match the certificate in tls_server_config.cert_file (not its private key)',
    ]);
  });

  it('missing halves, both inline and file, and files that are not PEM', () => {
    expect(problemsOf('tls_server_config: { cert_file: server.crt }')).toEqual(['tls_server_config: missing one of key or key_file']);
    expect(problemsOf('tls_server_config: { min_version: TLS13 }')).toEqual([
      'tls_server_config: missing one of cert or cert_file (TLS is on as soon as tls_server_config has a key)',
      'tls_server_config: missing one of key or key_file',
    ]);
    expect(problemsOf('tls_server_config: { cert: "x", cert_file: server.crt, key_file: server.key }')).toEqual([
      'tls_server_config: set cert or cert_file, not both',
    ]);
    expect(problemsOf('tls_server_config: { cert_file: server.key, key_file: server.crt }')).toEqual([
      'tls_server_config.cert_file: no PEM certificate (-----BEGIN CERTIFICATE-----) found',
      expect.stringMatching(/^tls_server_config\.key_file: not a usable PEM private key/),
    ]);
  });

  it('client authentication rules: a CA without a policy, verification without a CA, SANs without client certs', () => {
    expect(problemsOf('tls_server_config: { cert_file: server.crt, key_file: server.key, client_ca_file: ca.crt }')).toEqual([
      'tls_server_config.client_auth_type: a client CA is configured but client_auth_type is NoClientCert: set client_auth_type (RequireAndVerifyClientCert to verify clients)',
    ]);
    expect(problemsOf('tls_server_config: { cert_file: server.crt, key_file: server.key, client_auth_type: RequireAndVerifyClientCert }')).toEqual([
      "tls_server_config.client_auth_type: RequireAndVerifyClientCert needs client_ca_file or client_ca (the CA that signs the scrapers' certificates)",
    ]);
    expect(problemsOf('tls_server_config: { cert_file: server.crt, key_file: server.key, client_allowed_sans: [prometheus] }')).toEqual([
      'tls_server_config.client_allowed_sans: needs a client_auth_type that asks for a client certificate (RequireAndVerifyClientCert)',
    ]);
  });

  it('TLS versions: typos, TLS 1.0/1.1 (refused by OpenSSL 3), min above max; unknown ciphers and curves', () => {
    expect(problemsOf('tls_server_config: { cert_file: server.crt, key_file: server.key, min_version: TLS10, max_version: TLS14 }')).toEqual([
      "tls_server_config.min_version: TLS10 is not supported: Node's OpenSSL 3 refuses TLS 1.0 and 1.1 (use TLS12 or TLS13)",
      'tls_server_config.max_version: unknown TLS version "TLS14" (expected TLS12 or TLS13)',
    ]);
    expect(problemsOf('tls_server_config: { cert_file: server.crt, key_file: server.key, min_version: TLS13, max_version: TLS12 }')).toEqual([
      'tls_server_config.min_version: TLS13 is above max_version TLS12',
    ]);
    const bad = problemsOf(
      'tls_server_config: { cert_file: server.crt, key_file: server.key, cipher_suites: [TLS_RSA_WITH_RC4_128_SHA], curve_preferences: [CurveP224] }',
    );
    expect(bad).toEqual([
      expect.stringMatching(
        /^tls_server_config\.cipher_suites\.0: unknown cipher suite "TLS_RSA_WITH_RC4_128_SHA" \(expected one of the Go crypto\/tls names: /,
      ),
      'tls_server_config.curve_preferences.0: unknown curve "CurveP224" (expected one of CurveP256, CurveP384, CurveP521, X25519)',
    ]);
  });

  it('YAML errors, a file that is not a mapping, wrong types, a missing file', async () => {
    expect(problemsOf('basic_auth_users: {dave: 1, dave: 2}')).toEqual([expect.stringMatching(/^line 1, column \d+: Map keys must be unique/)]);
    expect(problemsOf('- a\n- b')).toEqual(['(top level): must be a mapping (tls_server_config, http_server_config, basic_auth_users, rate_limit)']);
    expect(problemsOf('basic_auth_users: { dave: 12 }\nrate_limit: { interval: soon, burst: -1 }')).toEqual([
      'rate_limit.interval: must be a Go duration such as "1s" or "500ms"',
      'rate_limit.burst: must be >= 0',
      'basic_auth_users.dave: Invalid input: expected string, received number',
    ]);
    await expect(loadWebConfig(path.join(certs.dir, 'nope.yml'))).rejects.toThrow(
      `invalid configuration ${path.join(certs.dir, 'nope.yml')} (1 problem):\n  - (file): file not found`,
    );
  });
});

describe('where the web config file is named', () => {
  const env = {};
  it('server.webConfigFile is relative to the config file; WEB_CONFIG_FILE and --web.config.file to the folder the command runs in', () => {
    const text = 'server: { webConfigFile: web.yml }';
    expect(validateConfig({ text, source: 'c.yaml', env, requireDatabaseUrl: false, fileDir: '/etc/ecm', baseDir: '/home/op' }).server.webConfigFile).toBe(
      '/etc/ecm/web.yml',
    );
    expect(
      validateConfig({ text, source: 'c.yaml', env: { WEB_CONFIG_FILE: 'env.yml' }, requireDatabaseUrl: false, fileDir: '/etc/ecm', baseDir: '/home/op' })
        .server.webConfigFile,
    ).toBe('/home/op/env.yml');
    const flags = { webConfigFile: '/abs/flag.yml' };
    expect(
      validateConfig({ text, source: 'c.yaml', env: { WEB_CONFIG_FILE: 'env.yml' }, flags, requireDatabaseUrl: false, fileDir: '/etc/ecm' }).server
        .webConfigFile,
    ).toBe('/abs/flag.yml');
    expect(validateConfig({ text: undefined, source: '(defaults)', env, requireDatabaseUrl: false }).server.webConfigFile).toBeUndefined();
    expect(() => validateConfig({ text: 'server: { webConfigFile: "" }', source: 'c.yaml', env, requireDatabaseUrl: false })).toThrow(
      'server.webConfigFile: must not be empty',
    );
  });

  it('bcryptjs makes hashes the toolkit format accepts', () => {
    expect(web(`basic_auth_users: { op: "${bcrypt.hashSync('pw', 4)}" }`).basicAuthUsers.get('op')).toMatch(/^\$2b\$04\$/);
  });
});
