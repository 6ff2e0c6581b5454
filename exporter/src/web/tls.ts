/**
 * tls_server_config -> Node's https/tls options. Go's crypto/tls and Node's
 * OpenSSL differ in how client certificates are asked for and checked, so the
 * toolkit's client_auth_type is split here into what OpenSSL does during the
 * handshake (requestCert, rejectUnauthorized, ca) and what is checked once the
 * handshake is done (ClientCertPolicy, applied in server.ts).
 */
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_CIPHERS, createSecureContext, type TlsOptions } from 'node:tls';
import type { ConfigProblem } from '../config/index.ts';
import { CIPHER_SUITES, CURVES, TLS_VERSIONS, type ClientAuthType, type TlsServerConfigInput, type TlsVersionName } from './schema.ts';

/** What is checked after the handshake, for the modes OpenSSL cannot enforce by itself. */
export interface ClientCertPolicy {
  clientAuth: Exclude<ClientAuthType, 'RequireClientCert'>;
  /** Exact SAN values (DNS, IP, e-mail, URI) of which a client certificate must carry one; undefined: no check. */
  allowedSans: readonly string[] | undefined;
}

export interface WebTls {
  options: TlsOptions;
  policy: ClientCertPolicy;
  /** Subject and expiry of the served certificate, for the start-up log. */
  certificate: { subject: string; validTo: string };
  /** The cert_file, key_file and client_ca_file read, watched for renewal (see reload.ts). */
  files: readonly string[];
  /** Reads and checks the same section again (after a renewal); problems instead of throwing. */
  reload(): { tls: WebTls | undefined; problems: ConfigProblem[] };
}

const SECTION = 'tls_server_config';
const at = (key: string): string => `${SECTION}.${key}`;

/** Where a PEM comes from: inline in the file, or a file named relative to the web config file (as the toolkit does). */
interface PemSource {
  key: string;
  text: string | undefined;
  /** The file read, when not inline. */
  file?: string;
}

function pemSource(
  section: TlsServerConfigInput,
  inline: 'cert' | 'key' | 'client_ca',
  file: 'cert_file' | 'key_file' | 'client_ca_file',
  dir: string,
  problems: ConfigProblem[],
): PemSource | undefined {
  const inlineText = section[inline];
  const fileName = section[file];
  if (inlineText !== undefined && fileName !== undefined) {
    problems.push({ path: SECTION, message: `set ${inline} or ${file}, not both` });
    return { key: at(file), text: undefined };
  }
  if (inlineText !== undefined) return { key: at(inline), text: inlineText };
  if (fileName === undefined) return undefined;
  const resolved = path.resolve(dir, fileName);
  try {
    return { key: at(file), text: readFileSync(resolved, 'utf8'), file: resolved };
  } catch (error) {
    const reason =
      error instanceof Error && 'code' in error && error.code === 'ENOENT' ? 'file not found' : error instanceof Error ? error.message : String(error);
    problems.push({ path: at(file), message: `cannot read ${resolved}: ${reason}` });
    return { key: at(file), text: undefined };
  }
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function parseCertificates(source: PemSource, problems: ConfigProblem[]): X509Certificate[] {
  if (source.text === undefined) return [];
  const blocks = source.text.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) {
    problems.push({ path: source.key, message: 'no PEM certificate (-----BEGIN CERTIFICATE-----) found' });
    return [];
  }
  try {
    return blocks.map((block) => new X509Certificate(block));
  } catch (error) {
    problems.push({ path: source.key, message: `not a valid certificate: ${error instanceof Error ? error.message : String(error)}` });
    return [];
  }
}

function parseKey(source: PemSource, problems: ConfigProblem[]): KeyObject | undefined {
  if (source.text === undefined) return undefined;
  try {
    return createPrivateKey(source.text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    problems.push({
      path: source.key,
      message: `not a usable PEM private key (${/passphrase/i.test(detail) ? 'it is encrypted: give an unencrypted key' : detail})`,
    });
    return undefined;
  }
}

/** Client-auth rules the toolkit enforces, plus one it does not: verifying without a CA of your own (Node would trust every public web CA). */
function clientAuthProblems(section: TlsServerConfigInput, clientAuth: ClientCertPolicy['clientAuth'], hasCa: boolean): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (hasCa && clientAuth === 'NoClientCert') {
    problems.push({
      path: at('client_auth_type'),
      message: 'a client CA is configured but client_auth_type is NoClientCert: set client_auth_type (RequireAndVerifyClientCert to verify clients)',
    });
  }
  if (!hasCa && (clientAuth === 'RequireAndVerifyClientCert' || clientAuth === 'VerifyClientCertIfGiven')) {
    problems.push({ path: at('client_auth_type'), message: `${clientAuth} needs client_ca_file or client_ca (the CA that signs the scrapers' certificates)` });
  }
  if (section.client_allowed_sans !== undefined && clientAuth === 'NoClientCert') {
    problems.push({ path: at('client_allowed_sans'), message: 'needs a client_auth_type that asks for a client certificate (RequireAndVerifyClientCert)' });
  }
  return problems;
}

const ORDER: Record<TlsVersionName, number> = { TLS12: 12, TLS13: 13 };

/**
 * Go's cipher_suites only restrict TLS 1.2 (TLS 1.3 suites are fixed there); Node's `ciphers`
 * string holds both lists and an absent TLS 1.3 part would switch TLS 1.3 off. So the TLS 1.2
 * part is the configured list and the TLS 1.3 part stays Node's default unless TLS 1.3 suites
 * are named, which this exporter honours rather than ignores.
 */
export function ciphersOption(suites: readonly string[] | undefined): string | undefined {
  if (suites === undefined || suites.length === 0) return undefined;
  const defaults = DEFAULT_CIPHERS.split(':');
  const tls13 = suites.filter((s) => CIPHER_SUITES[s]?.tls13).map((s) => CIPHER_SUITES[s]?.openssl);
  const tls12 = suites.filter((s) => CIPHER_SUITES[s]?.tls13 === false).map((s) => CIPHER_SUITES[s]?.openssl);
  return [
    ...(tls13.length > 0 ? tls13 : defaults.filter((c) => c.startsWith('TLS_'))),
    ...(tls12.length > 0 ? tls12 : defaults.filter((c) => !c.startsWith('TLS_'))),
  ].join(':');
}

/**
 * Checks the section (files exist and parse, key matches certificate, rules
 * between keys) and builds the Node options. `skip` holds keys whose values
 * already failed the shape check, so rules between keys do not report twice.
 */
export function buildTls(section: TlsServerConfigInput, dir: string, skip: ReadonlySet<string>, problems: ConfigProblem[]): WebTls | undefined {
  const before = problems.length;
  const certSource = pemSource(section, 'cert', 'cert_file', dir, problems);
  const keySource = pemSource(section, 'key', 'key_file', dir, problems);
  const caSource = pemSource(section, 'client_ca', 'client_ca_file', dir, problems);
  if (!certSource && !skip.has(at('cert')) && !skip.has(at('cert_file')))
    problems.push({ path: SECTION, message: 'missing one of cert or cert_file (TLS is on as soon as tls_server_config has a key)' });
  if (!keySource && !skip.has(at('key')) && !skip.has(at('key_file'))) problems.push({ path: SECTION, message: 'missing one of key or key_file' });
  const certificates = certSource ? parseCertificates(certSource, problems) : [];
  const privateKey = keySource ? parseKey(keySource, problems) : undefined;
  const leaf = certificates[0];
  if (leaf && privateKey && keySource && !leaf.checkPrivateKey(privateKey)) {
    problems.push({ path: keySource.key, message: `does not match the certificate in ${certSource?.key ?? 'cert'} (not its private key)` });
  }
  const caCertificates = caSource ? parseCertificates(caSource, problems) : [];
  const clientAuth = section.client_auth_type === 'RequireClientCert' ? 'RequireAnyClientCert' : (section.client_auth_type ?? 'NoClientCert');
  if (!skip.has(at('client_auth_type'))) problems.push(...clientAuthProblems(section, clientAuth, caSource !== undefined));
  const min = section.min_version;
  const max = section.max_version;
  if (min && max && ORDER[min] > ORDER[max]) problems.push({ path: at('min_version'), message: `${min} is above max_version ${max}` });
  if (problems.length > before || !certSource?.text || !keySource?.text || !leaf) return undefined;

  const options: TlsOptions = {
    cert: certSource.text,
    key: keySource.text,
    ...(caSource?.text && caCertificates.length > 0 ? { ca: caSource.text } : {}),
    // The toolkit's defaults: TLS 1.2 to 1.3, the server's cipher order.
    minVersion: TLS_VERSIONS[min ?? 'TLS12'],
    maxVersion: TLS_VERSIONS[max ?? 'TLS13'],
    honorCipherOrder: section.prefer_server_cipher_suites ?? true,
    ...(section.cipher_suites?.length ? { ciphers: ciphersOption(section.cipher_suites) } : {}),
    ...(section.curve_preferences?.length ? { ecdhCurve: section.curve_preferences.map((c) => CURVES[c]).join(':') } : {}),
    requestCert: clientAuth !== 'NoClientCert',
    // Only this mode can be refused by OpenSSL itself; the others are checked after the handshake.
    rejectUnauthorized: clientAuth === 'RequireAndVerifyClientCert',
    ALPNProtocols: ['http/1.1'],
  };
  try {
    createSecureContext(options);
  } catch (error) {
    problems.push({ path: SECTION, message: `OpenSSL refuses these settings: ${error instanceof Error ? error.message : String(error)}` });
    return undefined;
  }
  return {
    options,
    policy: { clientAuth, allowedSans: section.client_allowed_sans },
    certificate: { subject: leaf.subject.replace(/\n/g, ', '), validTo: leaf.validTo },
    files: [certSource.file, keySource.file, caSource?.file].filter((f): f is string => f !== undefined),
    reload() {
      const again: ConfigProblem[] = [];
      return { tls: buildTls(section, dir, skip, again), problems: again };
    },
  };
}
