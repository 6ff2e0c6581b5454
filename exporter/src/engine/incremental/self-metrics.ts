/**
 * The indicator engine's own counters as metric families (catalogue: exporter
 * health), published by the history lane with the indicators: how often each pass
 * computed everything again and why, and what re-verification read and found. A
 * difference found is a change no timestamp showed (see reverify.ts); a steady rise
 * means the ECM edits rows in place more than expected, and `refresh.reverifyMinutes`
 * bounds how long such a change goes unseen.
 */
import {
  EXPORTER_INDICATOR_RECOMPUTES_TOTAL,
  EXPORTER_REVERIFIED_BUCKETS_TOTAL,
  EXPORTER_REVERIFY_DIFFERENCES_TOTAL,
  type LabelName,
} from '../../shared/metrics.ts';
import { family, type MetricFamily, type Sample } from '../types.ts';
import { PASSES, type IncrementalEngine } from './engine.ts';

type RecomputeLabels = LabelName<typeof EXPORTER_INDICATOR_RECOMPUTES_TOTAL>;

const REASONS = EXPORTER_INDICATOR_RECOMPUTES_TOTAL.labels.find((label) => label.name === 'reason')?.values ?? [];

/** Every pass and reason, zeros included, so a rate() over the counters starts from the first scrape. */
export function engineFamilies(engine: IncrementalEngine): MetricFamily[] {
  const recomputes: Array<Sample<RecomputeLabels>> = [];
  const reverified: Array<Sample<'pass'>> = [];
  const differences: Array<Sample<'pass'>> = [];
  for (const { name: pass } of PASSES) {
    const counters = engine.counters(pass);
    for (const reason of REASONS) recomputes.push({ labels: { pass, reason }, value: counters.fullRecomputes.get(reason) ?? 0 });
    reverified.push({ labels: { pass }, value: counters.bucketsReverified });
    differences.push({ labels: { pass }, value: counters.differences });
  }
  return [
    family(EXPORTER_INDICATOR_RECOMPUTES_TOTAL, recomputes),
    family(EXPORTER_REVERIFIED_BUCKETS_TOTAL, reverified),
    family(EXPORTER_REVERIFY_DIFFERENCES_TOTAL, differences),
  ];
}
