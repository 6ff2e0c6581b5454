/**
 * The exporter's own health, built from the refresher's state at scrape time,
 * so it answers even before the first refresh has finished. Rows skipped as
 * invalid are published by the domain's assembly (ecm_adoption_rows_skipped).
 */
import type { MetricFamily } from '../engine/types.ts';
import type { RefreshStats, Snapshot } from './refresher.ts';

export const SELF_METRIC_NAMES = {
  up: 'ecm_adoption_exporter_up',
  lastSuccess: 'ecm_adoption_exporter_last_refresh_success_timestamp_seconds',
  refreshDuration: 'ecm_adoption_exporter_refresh_duration_seconds',
  refreshes: 'ecm_adoption_exporter_refreshes_total',
  queryDuration: 'ecm_adoption_exporter_query_duration_seconds',
  querySuccess: 'ecm_adoption_exporter_query_success',
  queryErrors: 'ecm_adoption_exporter_query_errors_total',
  buildInfo: 'ecm_adoption_exporter_build_info',
} as const;

export interface SelfMetricsInput {
  snapshot: Snapshot | undefined;
  stats: RefreshStats;
  version: string;
}

export function selfMetricFamilies({ snapshot, stats, version }: SelfMetricsInput): MetricFamily[] {
  const n = SELF_METRIC_NAMES;
  const units = snapshot?.units ?? [];
  return [
    {
      name: n.up,
      help: '1 when the last refresh succeeded (every query and the assembly), 0 otherwise or before the first refresh.',
      type: 'gauge',
      samples: [{ labels: {}, value: snapshot?.ok ? 1 : 0 }],
    },
    {
      name: n.lastSuccess,
      help: 'Unix time of the last fully successful refresh; 0 until one has succeeded.',
      type: 'gauge',
      samples: [{ labels: {}, value: stats.lastSuccessAt ? stats.lastSuccessAt.getTime() / 1000 : 0 }],
    },
    {
      name: n.refreshDuration,
      help: 'Wall time of the last refresh, all queries and the assembly, in seconds.',
      type: 'gauge',
      samples: snapshot ? [{ labels: {}, value: snapshot.durationSeconds }] : [],
    },
    {
      name: n.refreshes,
      help: 'Refreshes completed since start, successful or not.',
      type: 'counter',
      samples: [{ labels: {}, value: stats.refreshesTotal }],
    },
    {
      name: n.queryDuration,
      help: 'Duration of each query of the last refresh, in seconds.',
      type: 'gauge',
      samples: units.map((unit) => ({ labels: { query: unit.name }, value: unit.durationSeconds })),
    },
    {
      name: n.querySuccess,
      help: '1 when the query succeeded in the last refresh, 0 when it failed (its metrics are then absent).',
      type: 'gauge',
      samples: units.map((unit) => ({ labels: { query: unit.name }, value: unit.ok ? 1 : 0 })),
    },
    {
      name: n.queryErrors,
      help: 'Failed runs of each query since start (errors, statement timeouts, invalid results).',
      type: 'counter',
      samples: [...stats.queryErrorsTotal].map(([query, count]) => ({ labels: { query }, value: count })),
    },
    {
      name: n.buildInfo,
      help: 'Version of the running exporter; always 1.',
      type: 'gauge',
      samples: [{ labels: { version }, value: 1 }],
    },
  ];
}
