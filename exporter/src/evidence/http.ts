/**
 * GET /evidence?location=ID&from=YYYY-MM-DD&to=YYYY-MM-DD: the evidence pack of one
 * location as a self-contained HTML page, computed on demand (READ ONLY
 * transactions with the statement timeout, on connections of its own so the
 * refresh is never kept waiting; /metrics answers from its snapshot regardless).
 * At most one pack is computed at a time: a request while one runs gets 503 with
 * Retry-After. Bad input is a 400 (404 for an unknown location) with one line of text.
 */
import type { Request, RequestHandler, Response } from 'express';
import type { IndicatorSettings } from '../indicators/settings.ts';
import type { Clock } from '../runtime/clock.ts';
import { generateEvidence, type EvidenceContext } from './generate.ts';
import { EVIDENCE_CSP, renderEvidenceHtml } from './render/document.ts';
import { EvidenceInputError, parseEvidenceRequest, type EvidenceRequest } from './request.ts';

export interface EvidenceEndpointLogger {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface EvidenceEndpointOptions {
  /** Computes and renders one pack (generateEvidence + renderEvidenceHtml). */
  render(request: EvidenceRequest): Promise<string>;
  logger: EvidenceEndpointLogger;
  /** Seconds a client is told to wait while another pack is being computed. */
  retryAfterSeconds?: number;
}

function single(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new EvidenceInputError(`query parameter ${name} must be given once, as text`);
  return value;
}

function plain(res: Response, status: number, text: string): void {
  res.status(status).type('text/plain').set('Cache-Control', 'no-store').send(`${text}\n`);
}

export function createEvidenceHandler(options: EvidenceEndpointOptions): RequestHandler {
  const retryAfter = String(options.retryAfterSeconds ?? 30);
  let busy = false;
  return async (req: Request, res: Response) => {
    let request: EvidenceRequest;
    try {
      const location = single(req, 'location');
      if (location === undefined || location === '')
        throw new EvidenceInputError('say which location: /evidence?location=ID (optionally &from=YYYY-MM-DD&to=YYYY-MM-DD)');
      request = parseEvidenceRequest({ location, from: single(req, 'from'), to: single(req, 'to') });
    } catch (error) {
      if (error instanceof EvidenceInputError) return plain(res, error.httpStatus, error.message);
      throw error;
    }
    if (busy) {
      res.set('Retry-After', retryAfter);
      return plain(res, 503, `another evidence pack is being computed; try again in ${retryAfter} s`);
    }
    busy = true;
    const started = performance.now();
    try {
      const html = await options.render(request);
      const seconds = (performance.now() - started) / 1000;
      options.logger.info(
        { location: request.scope.kind === 'location' ? request.scope.locationId : 'all', seconds, bytes: Buffer.byteLength(html) },
        'evidence pack served',
      );
      res
        .status(200)
        .type('html')
        .set({ 'Content-Security-Policy': EVIDENCE_CSP, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' })
        .send(html);
    } catch (error) {
      if (error instanceof EvidenceInputError) return plain(res, error.httpStatus, error.message);
      options.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'evidence pack failed');
      plain(res, 500, `the evidence pack could not be computed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      busy = false;
    }
  };
}

/** The handler `serve` and `demo` mount: generate with the clock's now, render, answer. */
export function evidenceEndpoint(options: {
  databases: Pick<EvidenceContext, 'ecm' | 'governance' | 'ecmSource' | 'governanceSource'>;
  settings: IndicatorSettings;
  statementTimeoutMs: number;
  clock: Clock;
  version: string;
  logger: EvidenceEndpointLogger;
}): RequestHandler {
  const { databases, settings, statementTimeoutMs, clock, version, logger } = options;
  return createEvidenceHandler({
    logger,
    render: async (request) =>
      renderEvidenceHtml(await generateEvidence({ ...databases, settings, statementTimeoutMs, now: clock.now(), version }, request), settings),
  });
}
