/**
 * Which exposition format a scrape gets, from its Accept header. Prometheus 2.x asks
 * `application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,
 * text/plain;version=0.0.4;q=0.5,*\/*;q=0.1`: it gets OpenMetrics 1.0.0. curl, browsers and
 * anything that does not name OpenMetrics get the Prometheus text format 0.0.4, as before.
 */
import type { ExpositionFormat } from './exposition.ts';

interface MediaRange {
  type: string;
  params: Map<string, string>;
  q: number;
}

function parseAccept(header: string): MediaRange[] {
  return header.split(',').flatMap((part) => {
    const [range, ...rest] = part.split(';').map((piece) => piece.trim());
    if (!range) return [];
    const params = new Map<string, string>();
    for (const piece of rest) {
      const equals = piece.indexOf('=');
      if (equals > 0)
        params.set(
          piece.slice(0, equals).trim().toLowerCase(),
          piece
            .slice(equals + 1)
            .trim()
            .replace(/^"|"$/g, ''),
        );
    }
    const q = params.has('q') ? Number(params.get('q')) : 1;
    return [{ type: range.toLowerCase(), params, q: Number.isFinite(q) ? q : 0 }];
  });
}

/** OpenMetrics versions the one prom-client renders (1.0.0) answers: 0.0.1 was its draft, with the same syntax for what we publish. */
const OPENMETRICS_VERSIONS = new Set([undefined, '1.0.0', '0.0.1']);

export function preferredFormat(accept: string | undefined): ExpositionFormat {
  if (accept === undefined || accept === '') return 'text';
  let openMetrics = 0;
  let text = 0;
  for (const range of parseAccept(accept)) {
    if (range.type === 'application/openmetrics-text' && OPENMETRICS_VERSIONS.has(range.params.get('version'))) openMetrics = Math.max(openMetrics, range.q);
    else if (range.type === 'text/plain' || range.type === 'text/*' || range.type === '*/*') text = Math.max(text, range.q);
  }
  // A tie goes to OpenMetrics: a client that names it explicitly wants it.
  return openMetrics > 0 && openMetrics >= text ? 'openmetrics' : 'text';
}
