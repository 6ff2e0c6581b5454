/**
 * The HTTP(S) server the app is served by: plain http without a web config,
 * https with tls_server_config, always behind the guard (rate limit, headers,
 * basic auth). Client-certificate rules that OpenSSL cannot enforce in the
 * handshake (RequireAnyClientCert, VerifyClientCertIfGiven, client_allowed_sans)
 * close the connection right after it, before any request is read.
 */
import { createServer as createHttp, type RequestListener, type Server as HttpServer } from 'node:http';
import { createServer as createHttps, type Server as HttpsServer } from 'node:https';
import { isIPv6 } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { guardRequests } from './guard.ts';
import type { WebConfig } from './load.ts';
import { CERTIFICATE_CHECK_MS, reloadCertificatesOnChange } from './reload.ts';
import type { ClientCertPolicy } from './tls.ts';

export interface WebLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

/** Go prints IPv6 SANs compressed ("::1"), OpenSSL expanded ("0:0:0:0:0:0:0:1"): compare them in one form. */
function canonical(value: string): string {
  return isIPv6(value) ? new URL(`http://[${value}]/`).hostname.slice(1, -1) : value;
}

/** The SAN values of a certificate as Node reports them: `DNS:a, IP Address:127.0.0.1, email:x@y, URI:"spiffe://a,b"`. */
export function subjectAltNames(text: string | undefined): string[] {
  const values: string[] = [];
  for (const match of (text ?? '').matchAll(/(?:DNS|IP Address|email|URI):("(?:[^"\\]|\\.)*"|[^,]*)(?:, |$)/g)) {
    const raw = match[1] ?? '';
    const value: unknown = raw.startsWith('"') ? JSON.parse(raw) : raw;
    if (typeof value === 'string') values.push(canonical(value));
  }
  return values;
}

/** Why a finished handshake must not be served, or undefined when it may. */
export function clientCertRefusal(socket: TLSSocket, policy: ClientCertPolicy): string | undefined {
  if (policy.clientAuth === 'NoClientCert') return undefined;
  const certificate = socket.getPeerX509Certificate();
  if (!certificate) return policy.clientAuth === 'RequireAnyClientCert' ? 'no client certificate (RequireAnyClientCert)' : undefined;
  if (policy.clientAuth === 'VerifyClientCertIfGiven' && !socket.authorized) return `client certificate not verified: ${String(socket.authorizationError)}`;
  if (policy.allowedSans) {
    const allowed = new Set(policy.allowedSans.map(canonical));
    if (!subjectAltNames(certificate.subjectAltName).some((san) => allowed.has(san))) return 'client certificate has none of client_allowed_sans';
  }
  return undefined;
}

export function createHttpServer(app: RequestListener, web: WebConfig, logger: WebLogger, certificateCheckMs = CERTIFICATE_CHECK_MS): HttpServer | HttpsServer {
  const handler = guardRequests(app, web, logger);
  if (!web.tls) return createHttp(handler);
  const { options, policy } = web.tls;
  const server = createHttps(options, handler);
  // Before the HTTP layer's own listener: a refused connection never reaches the parser.
  server.prependListener('secureConnection', (socket: TLSSocket) => {
    const refusal = clientCertRefusal(socket, policy);
    if (refusal === undefined) return;
    logger.warn({ remote: socket.remoteAddress, reason: refusal }, 'TLS connection refused');
    socket.destroy();
  });
  server.on('tlsClientError', (error: Error, socket: TLSSocket) => {
    // A scraper with the wrong CA or no client certificate: worth a line, since Prometheus only says "EOF".
    logger.warn({ remote: socket.remoteAddress, err: error.message }, 'TLS handshake failed');
  });
  reloadCertificatesOnChange(server, web.tls, logger, certificateCheckMs);
  return server;
}

/** http or https, for the URLs printed at start. */
export function urlScheme(web: WebConfig): 'http' | 'https' {
  return web.tls ? 'https' : 'http';
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/i;

/**
 * What is missing to expose the exporter beyond this machine: the landing page
 * and /metrics name care locations. Empty on loopback, or with TLS and either
 * basic auth or verified client certificates.
 */
export function exposureWarnings(listenAddress: string, web: WebConfig): string[] {
  if (LOOPBACK.test(listenAddress)) return [];
  const warnings: string[] = [];
  if (!web.tls) warnings.push('no TLS: metrics (and any basic auth password) cross the network in clear text');
  const verifiedClients = web.tls?.policy.clientAuth === 'RequireAndVerifyClientCert';
  if (web.basicAuthUsers.size === 0 && !verifiedClients) warnings.push('no authentication: anyone who can reach the port can read the metrics');
  return warnings;
}

/** One line saying what protects the endpoints, and a warning per gap when listening beyond loopback. */
export function logWebSecurity(logger: WebLogger, listenAddress: string, web: WebConfig): void {
  const certificate = web.tls?.certificate;
  logger.info(
    {
      webConfig: web.source ?? null,
      tls: web.tls !== undefined,
      http2: false,
      clientAuth: web.tls?.policy.clientAuth ?? null,
      basicAuthUsers: web.basicAuthUsers.size,
      certificateValidTo: certificate?.validTo ?? null,
    },
    web.tls ? 'serving HTTPS' : 'serving plain HTTP',
  );
  for (const warning of exposureWarnings(listenAddress, web))
    logger.warn({ listenAddress }, `listening on ${listenAddress} with ${warning} (see "TLS and basic auth" in docs/operations.md)`);
}
