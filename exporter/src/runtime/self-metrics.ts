/**
 * The exporter's own health, built from the snapshot (rendered once per snapshot),
 * so it answers even before the first refresh. Rows skipped as invalid are
 * published by the domain's assembly (ecm_adoption_rows_skipped).
 *
 * Safety alert rules read the per-domain data time and the per-source up, not the
 * all-or-nothing `up`: a governance store without grants, or a slow indicator query,
 * must not look like an ECM outage and mute the live gauges' alerts.
 */
import type { MetricFamily } from '../engine/types.ts';
import { DOMAINS, LANES, SOURCES } from './pipeline.ts';
import type { Snapshot } from './results.ts';

export const SELF_METRIC_NAMES = {
  up: 'ecm_adoption_exporter_up',
  sourceUp: 'ecm_adoption_exporter_source_up',
  dataTimestamp: 'ecm_adoption_exporter_data_timestamp_seconds',
  refreshInterval: 'ecm_adoption_exporter_refresh_interval_seconds',
  lastSuccess: 'ecm_adoption_exporter_last_refresh_success_timestamp_seconds',
  refreshDuration: 'ecm_adoption_exporter_refresh_duration_seconds',
  refreshes: 'ecm_adoption_exporter_refreshes_total',
  deadlineExceeded: 'ecm_adoption_exporter_refresh_deadline_exceeded_total',
  queryDuration: 'ecm_adoption_exporter_query_duration_seconds',
  querySuccess: 'ecm_adoption_exporter_query_success',
  queryErrors: 'ecm_adoption_exporter_query_errors_total',
  buildInfo: 'ecm_adoption_exporter_build_info',
} as const;

export interface SelfMetricsInput {
  snapshot: Snapshot;
  version: string;
  refreshIntervalSeconds: number;
}

const seconds = (date: Date | undefined): number => (date ? date.getTime() / 1000 : 0);

export function selfMetricFamilies({ snapshot, version, refreshIntervalSeconds }: SelfMetricsInput): MetricFamily[] {
  const n = SELF_METRIC_NAMES;
  const { health } = snapshot;
  const gauge = (name: string, help: string, samples: MetricFamily['samples']): MetricFamily => ({ name, help, type: 'gauge', samples });
  const counter = (name: string, help: string, samples: MetricFamily['samples']): MetricFamily => ({ name, help, type: 'counter', samples });
  return [
    gauge(n.up, '1 when every query (and assembly) of the latest run of each refresh lane succeeded; 0 otherwise and before both lanes have run.', [
      { labels: {}, value: snapshot.ok ? 1 : 0 },
    ]),
    gauge(
      n.sourceUp,
      '1 when the database answered every query of its units in the latest run of each lane (a governance store not migrated or not readable by this role still answered: see ecm_adoption_governance_store_state); 0 on connection refused, timeout, deadline or query error, and before the first answer.',
      SOURCES.map((source) => ({ labels: { source }, value: health.sourceUp[source] ? 1 : 0 })),
    ),
    gauge(
      n.dataTimestamp,
      "Unix time (the refresh's reference time) of the data served for the domain: safety = locations and live gauges, indicators = indicators, acknowledgement times and skipped rows, governance = governance evidence; 0 until read once. Age = time() - this.",
      DOMAINS.map((domain) => ({ labels: { domain }, value: seconds(health.dataTimestamp[domain]) })),
    ),
    gauge(n.refreshInterval, 'Configured refresh interval in seconds: each lane starts a run this often (freshness bounds are a multiple of it).', [
      { labels: {}, value: refreshIntervalSeconds },
    ]),
    gauge(
      n.lastSuccess,
      "Unix time since which all data served was fully read: when every lane's latest run succeeded, the reference time of the oldest of them; 0 until then.",
      [{ labels: {}, value: seconds(health.lastSuccessAt) }],
    ),
    gauge(
      n.refreshDuration,
      'Wall time of the latest run of each lane (safety: locations and live gauges; history: indicators and governance), all queries and the assembly, in seconds.',
      LANES.flatMap((lane) => {
        const result = snapshot.lanes[lane];
        return result ? [{ labels: { lane }, value: result.durationSeconds }] : [];
      }),
    ),
    counter(
      n.refreshes,
      'Runs completed per lane since start, successful or not.',
      LANES.map((lane) => ({ labels: { lane }, value: health.refreshesTotal[lane] })),
    ),
    counter(
      n.deadlineExceeded,
      'Runs per lane stopped by the refresh deadline (their connections destroyed, their unfinished queries failed).',
      LANES.map((lane) => ({ labels: { lane }, value: health.deadlineExceededTotal[lane] })),
    ),
    gauge(
      n.queryDuration,
      'Duration of each query in the latest run of its lane, in seconds.',
      snapshot.units.map((unit) => ({ labels: { query: unit.name }, value: unit.durationSeconds })),
    ),
    gauge(
      n.querySuccess,
      '1 when the query succeeded in the latest run of its lane, 0 when it failed (its metrics are then absent).',
      snapshot.units.map((unit) => ({ labels: { query: unit.name }, value: unit.ok ? 1 : 0 })),
    ),
    counter(
      n.queryErrors,
      'Failed runs of each query since start (errors, statement timeouts, deadlines, invalid results).',
      [...health.queryErrorsTotal].map(([query, count]) => ({ labels: { query }, value: count })),
    ),
    gauge(n.buildInfo, 'Version of the running exporter; always 1.', [{ labels: { version }, value: 1 }]),
  ];
}
