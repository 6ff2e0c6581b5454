/**
 * What GET /metrics and GET /readyz answer, from the refresher's last snapshot.
 * A scrape never waits for the database: it renders the snapshot it has (only
 * self-metrics before the first refresh, with up 0) and, when that snapshot is
 * older than the refresh interval, starts a refresh in the background (or joins
 * the one in flight). Prometheus so sees data at most one interval plus one
 * refresh old, and scrape latency does not depend on query time.
 */
import { gzipSync } from 'node:zlib';
import type { Clock } from './clock.ts';
import { renderFamilies } from './exposition.ts';
import type { Refresher, Snapshot } from './refresher.ts';
import { selfMetricFamilies } from './self-metrics.ts';

export interface MetricsEndpoint {
  /** Prometheus text for one scrape; may start a background refresh. */
  scrape(): string;
  /**
   * The same scrape as bytes ready for the socket: gzip-compressed when the scraper
   * accepts it (Prometheus does). Encoded once per snapshot, not per request.
   */
  scrapeBody(acceptsGzip: boolean): { body: Buffer; gzip: boolean };
  /** True once the first refresh has finished (successfully or not). */
  ready(): boolean;
  /** When the snapshot served was taken, for the landing page. */
  lastRefresh(): { takenAt: Date; ok: boolean } | undefined;
}

export interface MetricsEndpointOptions {
  refresher: Refresher;
  clock: Clock;
  refreshIntervalSeconds: number;
  version: string;
}

export function createMetricsEndpoint({ refresher, clock, refreshIntervalSeconds, version }: MetricsEndpointOptions): MetricsEndpoint {
  const isStale = (takenAt: Date | undefined): boolean => takenAt === undefined || clock.now().getTime() - takenAt.getTime() >= refreshIntervalSeconds * 1000;
  // The text is rendered once per snapshot: the self-metrics are read together with
  // it, so every scrape between two refreshes gets the same, consistent text, and
  // rendering (milliseconds for a large provider) is not paid per scrape.
  interface Rendered {
    snapshot: Snapshot | undefined;
    text: string;
    plain?: Buffer;
    gzipped?: Buffer;
  }
  let rendered: Rendered | undefined;
  const current = (): Rendered => {
    const snapshot = refresher.latest();
    // refresh() never rejects (failures live in the snapshot), so nothing is left unhandled.
    if (isStale(snapshot?.takenAt)) void refresher.refresh();
    if (rendered === undefined || rendered.snapshot !== snapshot) {
      const text = renderFamilies([...selfMetricFamilies({ snapshot, stats: refresher.stats(), version }), ...(snapshot?.families ?? [])]);
      rendered = { snapshot, text };
    }
    return rendered;
  };
  return {
    scrape: () => current().text,
    scrapeBody(acceptsGzip) {
      const r = current();
      // Compressing ~100 KiB costs about a millisecond: paid once per snapshot, it
      // cuts every scrape's bytes (and socket writes) by about ten times.
      if (acceptsGzip) return { body: (r.gzipped ??= gzipSync(r.text, { level: 6 })), gzip: true };
      return { body: (r.plain ??= Buffer.from(r.text, 'utf8')), gzip: false };
    },
    ready: () => refresher.latest() !== undefined,
    lastRefresh() {
      const snapshot = refresher.latest();
      return snapshot ? { takenAt: snapshot.takenAt, ok: snapshot.ok } : undefined;
    },
  };
}
