/**
 * What GET /metrics and GET /readyz answer, from the refresher's latest snapshot.
 * A scrape never touches the database and never starts a refresh: the service's
 * scheduler refreshes on its own clock, so scrape latency does not depend on query
 * time, and the freshness of each domain is published (data_timestamp_seconds)
 * instead of being implied by a scrape.
 */
import { gzipSync } from 'node:zlib';
import { renderFamilies } from './exposition.ts';
import type { Refresher, Snapshot } from './refresher.ts';
import { selfMetricFamilies } from './self-metrics.ts';

export interface MetricsEndpoint {
  /** Prometheus text for one scrape. */
  scrape(): string;
  /**
   * The same scrape as bytes ready for the socket: gzip-compressed when the scraper
   * accepts it (Prometheus does). Encoded once per snapshot, not per request.
   */
  scrapeBody(acceptsGzip: boolean): { body: Buffer; gzip: boolean };
  /** True once the safety domain (locations and live gauges) has been read once. */
  ready(): boolean;
  /** When the latest lane run was taken and whether every lane's latest run succeeded, for the landing page. */
  lastRefresh(): { takenAt: Date; ok: boolean } | undefined;
}

export interface MetricsEndpointOptions {
  refresher: Refresher;
  refreshIntervalSeconds: number;
  version: string;
}

export function createMetricsEndpoint({ refresher, refreshIntervalSeconds, version }: MetricsEndpointOptions): MetricsEndpoint {
  // The text is rendered once per snapshot: the self-metrics are part of it, so every
  // scrape between two lane runs gets the same, consistent text, and rendering
  // (milliseconds for a large provider) is not paid per scrape.
  interface Rendered {
    snapshot: Snapshot;
    text: string;
    plain?: Buffer;
    gzipped?: Buffer;
  }
  let rendered: Rendered | undefined;
  const current = (): Rendered => {
    const snapshot = refresher.latest();
    if (rendered === undefined || rendered.snapshot !== snapshot) {
      const text = renderFamilies([...selfMetricFamilies({ snapshot, version, refreshIntervalSeconds }), ...snapshot.families]);
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
    ready: () => refresher.latest().health.dataTimestamp.safety !== undefined,
    lastRefresh() {
      const snapshot = refresher.latest();
      return snapshot.takenAt ? { takenAt: snapshot.takenAt, ok: snapshot.ok } : undefined;
    },
  };
}
