/**
 * What GET /metrics and GET /readyz answer, from the refresher's latest snapshot.
 * A scrape never touches the database and never starts a refresh: the service's
 * scheduler refreshes on its own clock, so scrape latency does not depend on query
 * time, and the freshness of each domain is published (data_timestamp_seconds)
 * instead of being implied by a scrape.
 *
 * The body of a scrape is two parts: the snapshot (self-metrics and the domain's families),
 * rendered by prom-client and compressed once per snapshot and format, and the process_* /
 * nodejs_* families, rendered at most once a second (./process-metrics.ts). Compressed, the
 * body is the two gzip members one after the other, which every gzip reader (Go's, so
 * Prometheus'; Node's zlib; curl) reads as one stream; the joined bytes are kept until either
 * part changes, so a scrape between two changes writes a buffer that already exists.
 */
import { CONTENT_TYPES, createFamilyRenderer, formatRegistry, type ExpositionFormat, type FamilyRenderer, type FormatRegistry } from './exposition.ts';
import { renderedPart, type ProcessMetrics, type RenderedPart } from './process-metrics.ts';
import type { Refresher, Snapshot } from './refresher.ts';
import { selfMetricFamilies } from './self-metrics.ts';

export interface ScrapeRequest {
  format: ExpositionFormat;
  gzip: boolean;
}

export interface ScrapeBody {
  body: Buffer;
  gzip: boolean;
  contentType: string;
}

export interface MetricsEndpoint {
  /** The exposition of one scrape, as text (default: Prometheus text format). */
  scrape(format?: ExpositionFormat): Promise<string>;
  /**
   * The same scrape as bytes ready for the socket: gzip-compressed when the scraper
   * accepts it (Prometheus does). Encoded once per snapshot, not per request.
   */
  scrapeBody(request: ScrapeRequest): Promise<ScrapeBody>;
  /** True once the safety domain (locations and live gauges) has been read once. */
  ready(): boolean;
  /** When the latest lane run was taken and whether every lane's latest run succeeded, for the landing page. */
  lastRefresh(): { takenAt: Date; ok: boolean } | undefined;
}

export interface MetricsEndpointOptions {
  /**
   * Only its latest snapshot is read. When it offers `beforePublish`, each new snapshot is
   * rendered (and compressed) before it is published, so no scrape waits for that.
   */
  refresher: Pick<Refresher, 'latest'> & Partial<Pick<Refresher, 'beforePublish'>>;
  refreshIntervalSeconds: number;
  version: string;
  /**
   * The registries the snapshot's families are registered on, one per format (never
   * prom-client's global one); default: registries of the endpoint's own.
   */
  registries?: Readonly<Record<ExpositionFormat, FormatRegistry>>;
  /** process_* and nodejs_* families appended to every scrape; absent: none (tests). */
  processMetrics?: ProcessMetrics | undefined;
}

interface Joined {
  snapshot: RenderedPart;
  process: RenderedPart | undefined;
  bodies: Map<boolean, Buffer>;
}

export function createMetricsEndpoint(options: MetricsEndpointOptions): MetricsEndpoint {
  const { refresher, refreshIntervalSeconds, version, processMetrics } = options;
  const registries = options.registries ?? { text: formatRegistry('text'), openmetrics: formatRegistry('openmetrics') };
  const renderers: Record<ExpositionFormat, FamilyRenderer> = {
    text: createFamilyRenderer(registries.text),
    openmetrics: createFamilyRenderer(registries.openmetrics),
  };
  // The snapshot part is rendered once per snapshot and format, and only in the formats
  // scrapes have asked for: the self-metrics are part of it, so every scrape between two lane
  // runs gets the same, consistent families.
  const rendered = new WeakMap<Snapshot, Map<ExpositionFormat, Promise<RenderedPart>>>();
  const asked = new Map<string, ScrapeRequest>();
  const snapshotPart = (format: ExpositionFormat, snapshot = refresher.latest()): Promise<RenderedPart> => {
    let parts = rendered.get(snapshot);
    if (parts === undefined) rendered.set(snapshot, (parts = new Map<ExpositionFormat, Promise<RenderedPart>>()));
    let part = parts.get(format);
    if (part === undefined) {
      const families = [...selfMetricFamilies({ snapshot, version, refreshIntervalSeconds }), ...snapshot.families];
      part = renderers[format].render(families).then((text) => renderedPart(format === 'openmetrics' ? text.replace(/# EOF\n$/, '') : text));
      parts.set(format, part);
      // A failed render is not kept for the snapshot: the next scrape tries again (and gets a 500 meanwhile).
      part.catch(() => {
        if (parts.get(format) === part) parts.delete(format);
      });
    }
    return part;
  };
  // While the next snapshot is rendered, scrapes are answered from the current one.
  refresher.beforePublish?.(async (snapshot) => {
    for (const { format, gzip } of asked.values()) {
      await (await snapshotPart(format, snapshot)).bytes(gzip);
    }
  });
  // OpenMetrics ends with `# EOF` after the process families: a part of its own, compressed once.
  const eof = renderedPart('# EOF\n');
  const joined = new Map<ExpositionFormat, Joined>();
  const body = async ({ format, gzip }: ScrapeRequest): Promise<Buffer> => {
    asked.set(`${format} ${gzip}`, { format, gzip });
    const [snapshot, process] = await Promise.all([snapshotPart(format), processMetrics?.current(format)]);
    let current = joined.get(format);
    if (current?.snapshot !== snapshot || current.process !== process) {
      current = { snapshot, process, bodies: new Map() };
      joined.set(format, current);
    }
    let bytes = current.bodies.get(gzip);
    if (bytes === undefined) {
      const parts = [snapshot, ...(process ? [process] : []), ...(format === 'openmetrics' ? [eof] : [])];
      bytes = Buffer.concat(await Promise.all(parts.map((part) => part.bytes(gzip))));
      current.bodies.set(gzip, bytes);
    }
    return bytes;
  };
  return {
    async scrape(format = 'text') {
      return (await body({ format, gzip: false })).toString('utf8');
    },
    async scrapeBody(request) {
      return { body: await body(request), gzip: request.gzip, contentType: CONTENT_TYPES[request.format] };
    },
    ready: () => refresher.latest().health.dataTimestamp.safety !== undefined,
    lastRefresh() {
      const snapshot = refresher.latest();
      return snapshot.takenAt ? { takenAt: snapshot.takenAt, ok: snapshot.ok } : undefined;
    },
  };
}
