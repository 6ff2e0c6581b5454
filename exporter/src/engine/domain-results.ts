/**
 * The tagged results of every domain query unit. The runtime hands them back as
 * `unknown`; this guard narrows them again without trusting a cast.
 */
import type { SkippedRowsResult } from './domain-skipped.ts';
import type { LocationsResult } from './domain-units.ts';
import type { AckSecondsResult, LiveCountsResult } from './live-gauges.ts';

export type DomainResult = LocationsResult | LiveCountsResult | AckSecondsResult | SkippedRowsResult;

const KINDS: ReadonlySet<string> = new Set<DomainResult['kind']>(['locations', 'live_counts', 'ack_seconds', 'skipped_rows']);

export function isDomainResult(value: unknown): value is DomainResult {
  return typeof value === 'object' && value !== null && 'kind' in value && typeof value.kind === 'string' && KINDS.has(value.kind);
}
