import {
  GOVERNANCE_PHASE,
  INDICATOR_INFO,
  INDICATOR_RATIO,
  INDICATOR_STATUS,
  INDICATOR_SUPPRESSED,
  INDICATOR_THRESHOLD_RATIO,
} from '../../../exporter/src/shared/metrics';

/**
 * The families the panel reads, by the refId its queries use; names come from the exporter's
 * metric catalogue (exporter/src/shared/metrics.ts), so the panel cannot ask for a name the
 * exporter does not publish.
 */
export const METRIC_NAMES = {
  ratio: INDICATOR_RATIO.name,
  threshold: INDICATOR_THRESHOLD_RATIO.name,
  status: INDICATOR_STATUS.name,
  suppressed: INDICATOR_SUPPRESSED.name,
  info: INDICATOR_INFO.name,
  phase: GOVERNANCE_PHASE.name,
} as const;

export type MetricKind = keyof typeof METRIC_NAMES;

const KIND_BY_NAME = new Map<string, MetricKind>(
  Object.entries(METRIC_NAMES).map(([kind, name]) => [name, kind as MetricKind])
);
const KINDS = Object.keys(METRIC_NAMES) as MetricKind[];

export interface SeriesIdentity {
  labels: Record<string, string>;
  refId?: string;
  /** Frame name or field display name, which a legend format may set to the metric name. */
  names: string[];
}

/**
 * Which contract metric a series is. Prometheus keeps `__name__` on plain selectors; when a
 * query function drops it, the query's refId (`ratio`, `threshold`, ...) or a legend equal to
 * the metric name identifies it, and the label set is the last resort for the unambiguous ones.
 */
export function classifySeries({ labels, refId, names }: SeriesIdentity): MetricKind | undefined {
  const byName = labels.__name__ ? KIND_BY_NAME.get(labels.__name__) : undefined;
  if (byName) {
    return byName;
  }
  const ref = refId?.toLowerCase();
  const byRef = KINDS.find((kind) => kind === ref);
  if (byRef) {
    return byRef;
  }
  for (const name of names) {
    const kind = KIND_BY_NAME.get(name);
    if (kind) {
      return kind;
    }
  }
  if (labels.level !== undefined && labels.indicator !== undefined) {
    return 'threshold';
  }
  if (labels.phase !== undefined && labels.location !== undefined && labels.indicator === undefined) {
    return 'phase';
  }
  if (labels.direction !== undefined && labels.indicator !== undefined) {
    return 'info';
  }
  return undefined;
}
