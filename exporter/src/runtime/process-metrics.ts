/**
 * The standard process_* and nodejs_* families every Node exporter publishes (CPU, resident
 * memory, open file descriptors, event-loop lag, heap, GC), from prom-client's
 * collectDefaultMetrics on registries of their own, apart from the snapshot's.
 *
 * Unlike the snapshot these change from one scrape to the next, but not meaningfully within a
 * second: they are rendered at most once per `maxAgeMs` per format and compressed once per
 * render, so the cached snapshot body is never re-rendered or re-compressed for them. The
 * endpoint serves the two parts one after the other (two gzip members when compressed: see
 * docs/architecture.md, "How /metrics is served").
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { collectDefaultMetrics } from 'prom-client';
import { formatRegistry, type ExpositionFormat, type FormatRegistry } from './exposition.ts';

/** A rendered part of a /metrics body; the bytes are made once, on first use. */
export interface RenderedPart {
  text: string;
  bytes(gzip: boolean): Promise<Buffer>;
}

const gzipped = promisify(gzip);

export function renderedPart(text: string): RenderedPart {
  let plain: Buffer | undefined;
  let compressed: Promise<Buffer> | undefined;
  return {
    text,
    // Level 6: about 10 times smaller for about a millisecond per 100 KiB, on libuv's thread
    // pool rather than the event loop (a large provider's snapshot is megabytes).
    bytes: (gzip) => (gzip ? (compressed ??= gzipped(text, { level: 6 })) : Promise.resolve((plain ??= Buffer.from(text, 'utf8')))),
  };
}

export interface ProcessMetrics {
  /** The process and Node.js families in the format; an OpenMetrics render carries no `# EOF`. */
  current(format: ExpositionFormat): Promise<RenderedPart>;
}

export interface ProcessMetricsOptions {
  monotonicMs: () => number;
  /** Default 1000: a scrape sees values at most this old. */
  maxAgeMs?: number;
}

/**
 * Gauges prom-client names with a _total suffix, which is for counters (promtool flags them, and
 * Prometheus tooling would take them for counters); the same counts by type remain:
 * sum(nodejs_active_handles) is the total.
 */
const MISNAMED_GAUGES = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

interface Cached {
  at: number;
  part: Promise<RenderedPart>;
}

export function createProcessMetrics({ monotonicMs, maxAgeMs = 1000 }: ProcessMetricsOptions): ProcessMetrics {
  // One registry per format, each with its own default metrics: prom-client's OpenMetrics
  // render renames counters in place, so one set of metrics cannot serve both formats.
  // The OpenMetrics one starts on first use: most scrapers never ask for it.
  const registries = new Map<ExpositionFormat, FormatRegistry>();
  const registryFor = (format: ExpositionFormat): FormatRegistry => {
    const known = registries.get(format);
    if (known !== undefined) return known;
    const registry = formatRegistry(format);
    collectDefaultMetrics({ register: registry });
    for (const name of MISNAMED_GAUGES) registry.removeSingleMetric(name);
    registries.set(format, registry);
    return registry;
  };
  const cache = new Map<ExpositionFormat, Cached>();
  const render = async (format: ExpositionFormat): Promise<RenderedPart> => {
    const text = await registryFor(format).metrics();
    return renderedPart(format === 'openmetrics' ? text.replace(/# EOF\n$/, '') : text);
  };
  return {
    current(format) {
      const now = monotonicMs();
      const cached = cache.get(format);
      if (cached !== undefined && now - cached.at < maxAgeMs) return cached.part;
      const part = render(format);
      cache.set(format, { at: now, part });
      // A failed render is not kept: the next scrape tries again.
      part.catch(() => {
        if (cache.get(format)?.part === part) cache.delete(format);
      });
      return part;
    },
  };
}
