/**
 * Builds the HTTP app from its dependencies; the process (port, signals, logs)
 * is src/server.ts's concern, so tests build this in-process with a fixed clock.
 * Nothing here touches the database: every answer comes from the snapshot.
 */
import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Direction } from './indicators/types.ts';
import { preferredFormat } from './runtime/negotiate.ts';
import type { MetricsEndpoint } from './runtime/endpoint.ts';
import { htmlSecurityHeaders, methodNotAllowed, noSniff, withHeaders } from './web/headers.ts';

/** What the landing page says about an indicator (definitions only, never data about people). */
export interface IndicatorSummary {
  name: string;
  title: string;
  direction: Direction;
  description: string;
}

export interface AppLogger {
  error(object: object, message: string): void;
}

export interface AppDependencies {
  metrics: MetricsEndpoint;
  indicators: readonly IndicatorSummary[];
  logger: AppLogger;
  /** Shown on the landing page, e.g. "demo (embedded PGlite)". */
  mode: string;
  /** GET /evidence (src/evidence/http.ts); absent: no such route. */
  evidence?: RequestHandler | undefined;
}

// The page's only active content; its hash is what the Content-Security-Policy allows.
const LANDING_STYLE =
  'body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}td,th{text-align:left;vertical-align:top;padding:.3rem .6rem;border-bottom:1px solid #ddd}';
const LANDING_HEADERS = htmlSecurityHeaders([LANDING_STYLE]);
/** Every path the app serves, each for GET (and so HEAD) only. */
const ROUTES = ['/', '/metrics', '/healthz', '/readyz'];

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function landingPage({ indicators, metrics, mode }: AppDependencies): string {
  const last = metrics.lastRefresh();
  const status = last
    ? `last refresh ${last.takenAt.toISOString()} (${last.ok ? 'all queries succeeded' : 'some queries failed: see ecm_adoption_exporter_query_success'})`
    : 'first refresh in progress';
  const rows = indicators
    .map(
      (i) =>
        `<tr><td><code>${escapeHtml(i.name)}</code></td><td>${escapeHtml(i.title)}</td><td>${i.direction === 'higher_is_better' ? 'higher is better' : 'lower is better'}</td><td>${escapeHtml(i.description)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ECM adoption exporter</title>
<style>${LANDING_STYLE}</style></head>
<body>
<h1>ECM adoption exporter</h1>
<p>Adoption and alert-response indicators of the electronic care management system, per location, as Prometheus metrics.
Mode: ${escapeHtml(mode)}; ${escapeHtml(status)}.</p>
<p><a href="metrics">/metrics</a> · <a href="healthz">/healthz</a> · <a href="readyz">/readyz</a></p>
<h2>Indicators</h2>
<table><thead><tr><th>indicator</th><th>title</th><th>direction</th><th>definition</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}

export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  // Scrapes are not cached by clients; hashing a large body for an ETag on every scrape is wasted work.
  app.set('etag', false);
  app.use(noSniff);
  app.get('/metrics', async (req: Request, res: Response) => {
    // Written straight to the socket: the body is encoded once per snapshot, and
    // res.send would copy and re-inspect it on every scrape.
    const { body, gzip, contentType } = await deps.metrics.scrapeBody({
      format: preferredFormat(req.headers.accept),
      gzip: /\bgzip\b/.test(req.headers['accept-encoding'] ?? ''),
    });
    res.writeHead(200, {
      'Content-Type': contentType,
      'Content-Length': body.length,
      Vary: 'Accept, Accept-Encoding',
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    });
    res.end(body);
  });
  app.get('/healthz', (_req: Request, res: Response) => {
    res.type('text/plain').send('ok\n');
  });
  app.get('/readyz', (_req: Request, res: Response) => {
    if (deps.metrics.ready()) res.type('text/plain').send('ready\n');
    else res.status(503).type('text/plain').send('first refresh not finished\n');
  });
  if (deps.evidence) app.get('/evidence', deps.evidence);
  app.get('/', withHeaders(LANDING_HEADERS), (_req: Request, res: Response) => {
    res.type('html').send(landingPage(deps));
  });
  app.all(deps.evidence ? [...ROUTES, '/evidence'] : ROUTES, methodNotAllowed(['GET', 'HEAD']));
  app.use((_req: Request, res: Response) => {
    res.status(404).type('text/plain').send('not found: try /metrics\n');
  });
  // Express needs the four-argument signature to recognise an error handler.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    deps.logger.error({ err: error instanceof Error ? error.message : String(error), path: req.path }, 'request failed');
    res.status(500).type('text/plain').send('internal error\n');
  });
  return app;
}
