/**
 * What the web config puts in front of the whole app, in the toolkit's order:
 * rate limit (429), configured headers, then basic auth (401 with
 * `WWW-Authenticate: Basic`). It wraps the request listener rather than sitting
 * among the app's routes, so every path is covered — /, /metrics, /healthz,
 * /readyz and unknown paths alike — as the toolkit protects its whole handler.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { createBasicAuthVerifier, parseBasicAuth } from './basic-auth.ts';
import type { WebConfig } from './load.ts';

export interface GuardLogger {
  error(object: object, message: string): void;
}

/** Go's rate.Limiter as the toolkit configures it: one token per interval, at most `burst` saved up. */
export function createTokenBucket(intervalMs: number, burst: number, monotonicMs: () => number): () => boolean {
  let tokens = burst;
  let last = monotonicMs();
  return () => {
    const now = monotonicMs();
    tokens = Math.min(burst, tokens + (now - last) / intervalMs);
    last = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  const body = `${text}\n`;
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

export function guardRequests(
  handler: RequestListener,
  web: WebConfig,
  logger: GuardLogger,
  monotonicMs: () => number = () => performance.now(),
): RequestListener {
  const allow = web.rateLimit ? createTokenBucket(web.rateLimit.intervalMs, web.rateLimit.burst, monotonicMs) : undefined;
  const verifier = web.basicAuthUsers.size > 0 ? createBasicAuthVerifier(web.basicAuthUsers) : undefined;
  const headers = Object.entries(web.headers);
  if (!allow && !verifier && headers.length === 0) return handler;
  return (req: IncomingMessage, res: ServerResponse) => {
    if (allow && !allow()) {
      plain(res, 429, 'Too Many Requests');
      return;
    }
    for (const [name, value] of headers) res.setHeader(name, value);
    if (!verifier) {
      handler(req, res);
      return;
    }
    verifier.verify(parseBasicAuth(req.headers.authorization)).then(
      (ok) => {
        if (ok) handler(req, res);
        else plain(res, 401, 'Unauthorized', { 'WWW-Authenticate': 'Basic' });
      },
      (error: unknown) => {
        logger.error({ err: error instanceof Error ? error.message : String(error), path: req.url }, 'basic auth check failed');
        if (!res.headersSent) plain(res, 500, 'internal error');
        else res.destroy();
      },
    );
  };
}
