/**
 * The exporter's own health, built from the snapshot (rendered once per snapshot),
 * so it answers even before the first refresh. Rows skipped as invalid are
 * published by the domain's assembly (ecm_adoption_rows_skipped).
 *
 * Safety alert rules read the per-domain data time and the per-source up, not the
 * all-or-nothing `up`: a governance store without grants, or a slow indicator query,
 * must not look like an ECM outage and mute the live gauges' alerts.
 */
import { family, type MetricFamily } from '../engine/types.ts';
import {
  EXPORTER_BUILD_INFO,
  EXPORTER_DATA_TIMESTAMP_SECONDS,
  EXPORTER_LAST_REFRESH_SUCCESS_TIMESTAMP_SECONDS,
  EXPORTER_QUERY_DURATION_SECONDS,
  EXPORTER_QUERY_ERRORS_TOTAL,
  EXPORTER_QUERY_SUCCESS,
  EXPORTER_REFRESH_DEADLINE_EXCEEDED_TOTAL,
  EXPORTER_REFRESH_DURATION_SECONDS,
  EXPORTER_REFRESH_INTERVAL_SECONDS,
  EXPORTER_REFRESHES_TOTAL,
  EXPORTER_SOURCE_UP,
  EXPORTER_UP,
} from '../shared/metrics.ts';
import { DOMAINS, LANES, SOURCES } from './pipeline.ts';
import type { Snapshot } from './results.ts';

export interface SelfMetricsInput {
  snapshot: Snapshot;
  version: string;
  refreshIntervalSeconds: number;
}

const seconds = (date: Date | undefined): number => (date ? date.getTime() / 1000 : 0);

export function selfMetricFamilies({ snapshot, version, refreshIntervalSeconds }: SelfMetricsInput): MetricFamily[] {
  const { health } = snapshot;
  return [
    family(EXPORTER_UP, [{ labels: {}, value: snapshot.ok ? 1 : 0 }]),
    family(
      EXPORTER_SOURCE_UP,
      SOURCES.map((source) => ({ labels: { source }, value: health.sourceUp[source] ? 1 : 0 })),
    ),
    family(
      EXPORTER_DATA_TIMESTAMP_SECONDS,
      DOMAINS.map((domain) => ({ labels: { domain }, value: seconds(health.dataTimestamp[domain]) })),
    ),
    family(EXPORTER_REFRESH_INTERVAL_SECONDS, [{ labels: {}, value: refreshIntervalSeconds }]),
    family(EXPORTER_LAST_REFRESH_SUCCESS_TIMESTAMP_SECONDS, [{ labels: {}, value: seconds(health.lastSuccessAt) }]),
    family(
      EXPORTER_REFRESH_DURATION_SECONDS,
      LANES.flatMap((lane) => {
        const result = snapshot.lanes[lane];
        return result ? [{ labels: { lane }, value: result.durationSeconds }] : [];
      }),
    ),
    family(
      EXPORTER_REFRESHES_TOTAL,
      LANES.map((lane) => ({ labels: { lane }, value: health.refreshesTotal[lane] })),
    ),
    family(
      EXPORTER_REFRESH_DEADLINE_EXCEEDED_TOTAL,
      LANES.map((lane) => ({ labels: { lane }, value: health.deadlineExceededTotal[lane] })),
    ),
    family(
      EXPORTER_QUERY_DURATION_SECONDS,
      snapshot.units.map((unit) => ({ labels: { query: unit.name }, value: unit.durationSeconds })),
    ),
    family(
      EXPORTER_QUERY_SUCCESS,
      snapshot.units.map((unit) => ({ labels: { query: unit.name }, value: unit.ok ? 1 : 0 })),
    ),
    family(
      EXPORTER_QUERY_ERRORS_TOTAL,
      [...health.queryErrorsTotal].map(([query, count]) => ({ labels: { query }, value: count })),
    ),
    family(EXPORTER_BUILD_INFO, [{ labels: { version }, value: 1 }]),
  ];
}
