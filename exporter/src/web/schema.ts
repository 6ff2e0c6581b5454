/**
 * The shape of the web config file, in the Prometheus exporter-toolkit format
 * (docs/web-configuration.md of prometheus/exporter-toolkit), so one file works
 * for this exporter as for node_exporter. Keys are snake_case as there; unknown
 * keys are rejected (the toolkit parses with yaml.UnmarshalStrict too).
 * Choices this exporter makes where Node differs from Go are checked here and
 * explained in the messages, so nothing in a file is silently ignored.
 */
import { z } from 'zod';

/** Go's crypto/tls names (tls.CipherSuites(), the ones the toolkit accepts) -> OpenSSL names for Node's `ciphers`. */
export const CIPHER_SUITES: Readonly<Record<string, { openssl: string; tls13: boolean }>> = {
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA: { openssl: 'ECDHE-ECDSA-AES128-SHA', tls13: false },
  TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA: { openssl: 'ECDHE-ECDSA-AES256-SHA', tls13: false },
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA: { openssl: 'ECDHE-RSA-AES128-SHA', tls13: false },
  TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA: { openssl: 'ECDHE-RSA-AES256-SHA', tls13: false },
  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: { openssl: 'ECDHE-ECDSA-AES128-GCM-SHA256', tls13: false },
  TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: { openssl: 'ECDHE-ECDSA-AES256-GCM-SHA384', tls13: false },
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: { openssl: 'ECDHE-RSA-AES128-GCM-SHA256', tls13: false },
  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: { openssl: 'ECDHE-RSA-AES256-GCM-SHA384', tls13: false },
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: { openssl: 'ECDHE-RSA-CHACHA20-POLY1305', tls13: false },
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: { openssl: 'ECDHE-ECDSA-CHACHA20-POLY1305', tls13: false },
  TLS_AES_128_GCM_SHA256: { openssl: 'TLS_AES_128_GCM_SHA256', tls13: true },
  TLS_AES_256_GCM_SHA384: { openssl: 'TLS_AES_256_GCM_SHA384', tls13: true },
  TLS_CHACHA20_POLY1305_SHA256: { openssl: 'TLS_CHACHA20_POLY1305_SHA256', tls13: true },
};

/** Go's curve names (the toolkit's list) -> OpenSSL group names for Node's `ecdhCurve`. */
export const CURVES: Readonly<Record<string, string>> = { CurveP256: 'P-256', CurveP384: 'P-384', CurveP521: 'P-521', X25519: 'X25519' };

/** TLS 1.0 and 1.1 are in the toolkit's list but refused here: OpenSSL 3 (Node 20) cannot negotiate them at its default security level. */
export const TLS_VERSIONS = { TLS12: 'TLSv1.2', TLS13: 'TLSv1.3' } as const;
export type TlsVersionName = keyof typeof TLS_VERSIONS;

/** RequireClientCert is the toolkit's old spelling of RequireAnyClientCert, kept there for compatibility. */
export const CLIENT_AUTH_TYPES = [
  'NoClientCert',
  'RequestClientCert',
  'RequireAnyClientCert',
  'RequireClientCert',
  'VerifyClientCertIfGiven',
  'RequireAndVerifyClientCert',
] as const;
export type ClientAuthType = (typeof CLIENT_AUTH_TYPES)[number];

/**
 * The response headers the toolkit lets a file set, with their allowed values
 * (none listed: any value). Private to the toolkit "to ensure consistency in
 * the Prometheus ecosystem"; this exporter keeps the same list.
 */
export const CONFIGURABLE_HEADERS: Readonly<Record<string, readonly string[] | undefined>> = {
  'Strict-Transport-Security': undefined,
  'X-Content-Type-Options': ['nosniff'],
  'X-Frame-Options': ['deny', 'sameorigin'],
  'X-XSS-Protection': undefined,
  'Content-Security-Policy': undefined,
};

const names = (list: readonly string[]): string => list.join(', ');

const tlsVersion = z.enum(['TLS12', 'TLS13'], {
  error: (issue) =>
    issue.input === 'TLS10' || issue.input === 'TLS11'
      ? `${String(issue.input)} is not supported: Node's OpenSSL 3 refuses TLS 1.0 and 1.1 (use TLS12 or TLS13)`
      : `unknown TLS version "${String(issue.input)}" (expected TLS12 or TLS13)`,
});

const cipherSuite = z.string().refine((v) => v in CIPHER_SUITES, {
  error: (issue) => `unknown cipher suite "${String(issue.input)}" (expected one of the Go crypto/tls names: ${names(Object.keys(CIPHER_SUITES))})`,
});

const curve = z
  .string()
  .refine((v) => v in CURVES, { error: (issue) => `unknown curve "${String(issue.input)}" (expected one of ${names(Object.keys(CURVES))})` });

const clientAuthType = z.enum(CLIENT_AUTH_TYPES, {
  error: (issue) => `unknown client_auth_type "${String(issue.input)}" (expected one of ${names(CLIENT_AUTH_TYPES)})`,
});

const pem = z.string().min(1, 'must not be empty');
const fileName = z.string().min(1, 'must not be empty');

export const tlsServerConfig = z
  .strictObject({
    cert: pem,
    key: pem,
    client_ca: pem,
    cert_file: fileName,
    key_file: fileName,
    client_auth_type: clientAuthType,
    client_ca_file: fileName,
    client_allowed_sans: z.array(z.string().min(1, 'must not be empty')),
    min_version: tlsVersion,
    max_version: tlsVersion,
    cipher_suites: z.array(cipherSuite),
    prefer_server_cipher_suites: z.boolean(),
    curve_preferences: z.array(curve),
  })
  .partial();

// yaml.v2 (the toolkit's parser) turns a scalar such as `X-XSS-Protection: 1` into the string "1".
const headerValue = z.union([z.string(), z.number(), z.boolean()]).transform(String);

export const httpServerConfig = z
  .strictObject({
    http2: z.boolean(),
    headers: z.record(z.string(), headerValue),
  })
  .partial();

/** A Go duration such as "1s", "500ms", "1m30s" (or 0, which the toolkit reads as "no rate limit"). */
const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
const duration = z.union([z.literal(0), z.string().regex(GO_DURATION, 'must be a Go duration such as "1s" or "500ms"')]);

export const rateLimitConfig = z.strictObject({
  interval: duration,
  burst: z.number().int('must be a whole number').min(0, 'must be >= 0'),
});

/** $2a$, $2b$ or $2y$, a two-digit cost 04..31, then 22 characters of salt and 31 of hash. */
export const BCRYPT_HASH = /^\$2[aby]\$(0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/;

export const webConfigFile = z
  .strictObject({
    tls_server_config: tlsServerConfig.nullable(),
    http_server_config: httpServerConfig.nullable(),
    rate_limit: rateLimitConfig.nullable(),
    basic_auth_users: z.record(z.string(), z.string()).nullable(),
  })
  .partial();
export type WebConfigFile = z.infer<typeof webConfigFile>;
export type TlsServerConfigInput = z.infer<typeof tlsServerConfig>;
