/**
 * The "before" endpoint of `npm run bench`: the snapshot rendered by the hand-written renderer
 * (./exposition.ts) once per snapshot, gzipped once, text format only and no process metrics,
 * as the exporter served /metrics before prom-client.
 */
import { gzipSync } from 'node:zlib';
import type { MetricsEndpoint, MetricsEndpointOptions } from '../../src/runtime/endpoint.ts';
import { CONTENT_TYPE } from '../../src/runtime/exposition.ts';
import type { Snapshot } from '../../src/runtime/results.ts';
import { selfMetricFamilies } from '../../src/runtime/self-metrics.ts';
import { renderFamilies } from './exposition.ts';

export function createBaselineEndpoint({ refresher, refreshIntervalSeconds, version }: MetricsEndpointOptions): MetricsEndpoint {
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
      rendered = { snapshot, text: renderFamilies([...selfMetricFamilies({ snapshot, version, refreshIntervalSeconds }), ...snapshot.families]) };
    }
    return rendered;
  };
  return {
    scrape: () => Promise.resolve(current().text),
    scrapeBody({ gzip }) {
      const r = current();
      const body = gzip ? (r.gzipped ??= gzipSync(r.text, { level: 6 })) : (r.plain ??= Buffer.from(r.text, 'utf8'));
      return Promise.resolve({ body, gzip, contentType: CONTENT_TYPE });
    },
    ready: () => refresher.latest().health.dataTimestamp.safety !== undefined,
    lastRefresh() {
      const snapshot = refresher.latest();
      return snapshot.takenAt ? { takenAt: snapshot.takenAt, ok: snapshot.ok } : undefined;
    },
  };
}
