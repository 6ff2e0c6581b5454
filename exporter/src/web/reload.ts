/**
 * Certificate renewal without a restart: exporter-toolkit reads its certificate
 * files on every handshake, so a renewed certificate (cert-manager, certbot, an
 * internal CA's 90-day certificates) is served at once. Here the files are
 * checked every `everyMs` and, when one changed, read and checked again as at
 * start; a good set replaces the server's TLS context for new connections, a bad
 * one (half-written, key not matching yet) is logged and the current one kept.
 */
import { statSync } from 'node:fs';
import type { Server as HttpsServer } from 'node:https';
import type { WebTls } from './tls.ts';

export interface ReloadLogger {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

/** Every 30 s: a renewal is served within a minute, and a stat of three files costs nothing. */
export const CERTIFICATE_CHECK_MS = 30_000;

function fingerprint(files: readonly string[]): string {
  return files
    .map((file) => {
      try {
        const stat = statSync(file);
        return `${file}:${stat.mtimeMs}:${stat.size}`;
      } catch (error) {
        return `${file}:${error instanceof Error && 'code' in error ? String(error.code) : 'unreadable'}`;
      }
    })
    .join('|');
}

/** Starts watching; stops when the server closes. */
export function reloadCertificatesOnChange(server: HttpsServer, initial: WebTls, logger: ReloadLogger, everyMs = CERTIFICATE_CHECK_MS): void {
  if (initial.files.length === 0) return;
  let current = initial;
  let seen = fingerprint(current.files);
  const timer = setInterval(() => {
    const now = fingerprint(current.files);
    if (now === seen) return;
    seen = now;
    const { tls, problems } = current.reload();
    if (!tls) {
      logger.error({ problems: problems.map((p) => `${p.path}: ${p.message}`) }, 'TLS files changed but do not load: still serving the previous certificate');
      return;
    }
    server.setSecureContext(tls.options);
    current = tls;
    logger.info({ subject: tls.certificate.subject, validTo: tls.certificate.validTo }, 'TLS certificate reloaded');
  }, everyMs);
  timer.unref();
  server.once('close', () => clearInterval(timer));
}
