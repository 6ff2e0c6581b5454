/** One chart and one table of values per indicator, as HTML. */
import { dateIn, escapeHtml, percent, periodName } from '../format.ts';
import type { IndicatorHistory, LocationEvidence } from '../model.ts';
import { renderChart } from './chart.ts';
import { badge, noData, suppressedBadge, table } from './html.ts';
import { RAG_PRINT_COLOURS, ragOfStatus } from '../../shared/rag.ts';

type Evidence = Extract<LocationEvidence, { kind: 'evidence' }>;

const swatch = (shape: string): string => `<svg width="14" height="12" viewBox="0 0 14 12" aria-hidden="true">${shape}</svg>`;

export const LEGEND = `<p class="legend muted">
${swatch(`<circle cx="7" cy="6" r="4.5" fill="${RAG_PRINT_COLOURS.green.main}" stroke="#1f2328"/>`)} on target (circle) ·
${swatch(`<path d="M7 0.5 L12.5 10.5 L1.5 10.5 Z" fill="${RAG_PRINT_COLOURS.amber.main}" stroke="#1f2328"/>`)} below target (triangle) ·
${swatch(`<rect x="2.5" y="1.5" width="9" height="9" fill="${RAG_PRINT_COLOURS.red.main}" stroke="#1f2328"/>`)} critical (square) ·
${swatch('<circle cx="7" cy="9" r="3.5" fill="#fff" stroke="#57606a" stroke-width="1.5"/>')} suppressed (hollow, on the axis) ·
solid line: target · dashed line: critical level · hatched: beyond critical · dotted vertical line: governance phase changed.
Points sit in the middle of their review period: a week while weekly, a calendar month while monthly.</p>`;

function valuesTable(history: IndicatorHistory, minCohort: number, timezone: string): string {
  const lower = history.indicator.direction === 'lower_is_better';
  return table(history.values, [
    {
      head: 'Review period',
      cell: (v) =>
        escapeHtml(
          v.period.complete
            ? periodName(v.period, timezone)
            : `${periodName(v.period, timezone)} (to ${dateIn(new Date(v.period.end.getTime() - 1), timezone)}, in progress)`,
        ),
    },
    { head: 'Phase', cell: (v) => v.period.phase },
    { head: 'Value', cell: (v) => (v.value === undefined ? '—' : percent(v.value)), num: true },
    { head: 'Items (met / judged)', cell: (v) => (v.denominator === undefined ? '—' : `${v.numerator ?? 0} / ${v.denominator}`), num: true },
    { head: 'Target / critical', cell: (v) => `${percent(v.thresholds.target)} / ${percent(v.thresholds.critical)}`, num: true },
    { head: 'RAG', cell: (v) => (v.value === undefined ? suppressedBadge(minCohort) : badge(ragOfStatus(v.status), lower)) },
  ]);
}

export function renderIndicators(evidence: Evidence, minCohort: number): string {
  if (evidence.periods.length === 0) return noData('No review period in this range.');
  const tz = evidence.location.timezone;
  const blocks = evidence.indicators.map((history, index) => {
    const id = `chart-${evidence.location.locationId.replace(/[^A-Za-z0-9_-]/g, '_')}-${index}`;
    const published = history.values.filter((v) => v.value !== undefined).length;
    const caption =
      published === 0
        ? `No period has enough items to publish a value (every period has fewer than ${minCohort}).`
        : `${published} of ${history.values.length} review periods published; ${history.values.length - published} suppressed (fewer than ${minCohort} items).`;
    return `<div class="indicator" data-indicator="${escapeHtml(history.indicator.name)}">
<h3>${escapeHtml(history.indicator.title)} <span class="muted">(${history.indicator.direction === 'higher_is_better' ? 'higher is better' : 'lower is better'})</span></h3>
<figure class="chart">${renderChart(history, { id, timezone: tz })}<figcaption>${escapeHtml(caption)}</figcaption></figure>
${valuesTable(history, minCohort, tz)}
</div>`;
  });
  return `${LEGEND}\n${blocks.join('\n')}`;
}
