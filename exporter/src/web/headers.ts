/**
 * Response headers the app sets itself, with or without a web config: nosniff on
 * everything, and a strict policy on the landing page (no scripts at all, its
 * one inline style allowed by hash, no framing, no referrer leaving with the
 * page's links). Headers a web config sets (http_server_config.headers) win:
 * they are set before the app runs and are not overwritten here.
 * A small middleware rather than helmet: helmet's defaults allow scripts from
 * 'self' and set headers meant for applications with sessions and forms.
 */
import { createHash } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

function setIfAbsent(res: Response, headers: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(headers)) if (!res.hasHeader(name)) res.setHeader(name, value);
}

/** On every response: text and metrics are never to be sniffed into something executable. */
export function noSniff(_req: Request, res: Response, next: NextFunction): void {
  setIfAbsent(res, { 'X-Content-Type-Options': 'nosniff' });
  next();
}

/** The headers of an HTML page whose only active content is the given inline <style> blocks. */
export function htmlSecurityHeaders(inlineStyles: readonly string[]): Readonly<Record<string, string>> {
  const hashes = inlineStyles.map((style) => `'sha256-${createHash('sha256').update(style, 'utf8').digest('base64')}'`);
  return Object.freeze({
    'Content-Security-Policy': `default-src 'none'; style-src ${hashes.join(' ') || "'none'"}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
  });
}

export function withHeaders(headers: Readonly<Record<string, string>>): RequestHandler {
  return (_req, res, next) => {
    setIfAbsent(res, headers);
    next();
  };
}

/** For a known path: any method it does not serve gets 405 with `Allow` (GET serves HEAD too). */
export function methodNotAllowed(methods: readonly string[]): RequestHandler {
  const allow = methods.join(', ');
  return (req, res) => {
    res.status(405).set('Allow', allow).type('text/plain').send(`method ${req.method} not allowed on ${req.path}: use ${allow}\n`);
  };
}
